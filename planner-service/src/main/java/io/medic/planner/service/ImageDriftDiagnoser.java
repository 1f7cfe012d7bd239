package io.medic.planner.service;

import io.medic.doctor.Prescription;
import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.DatabaseRef;
import io.medic.events.Diagnosis;
import io.medic.events.Signal;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.planner.client.AlembicEngine;
import io.medic.planner.client.MigrationSource;
import io.medic.planner.client.SourceException;
import io.medic.planner.client.Versions;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.DiagnoserKind;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.ImageTemplate;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The database is ahead of the image ({@code alembic.unknown-revision}: the seed's old image 737093f, "Can't
 * locate revision identified by '018'"). Reads the version rows (the engine, on the crashed image's files),
 * then walks the migration source's history newest first and parses each commit's revision graph with the
 * engine's reader until one contains every row; proposes rolling the image forward to that commit's image.
 * Risk HIGH: never approved automatically. No commit knows the rows, the workload is managed by Argo CD, or the
 * container is a Job's: a plan without executable steps that says so.
 */
@ApplicationScoped
class ImageDriftDiagnoser implements Diagnoser {

    private final DiagnosisInputs inputs;
    private final AlembicEngine engine;
    private final AlembicDriftDiagnoser alembicDrift;
    private final int maxCommits;

    ImageDriftDiagnoser(DiagnosisInputs inputs, AlembicEngine engine, AlembicDriftDiagnoser alembicDrift,
                        PlannerConfig config) {
        this.inputs = inputs;
        this.engine = engine;
        this.alembicDrift = alembicDrift;
        this.maxCommits = config.sources().maxCommits();
    }

    @Override
    public Finding diagnose(Signal signal, WorkloadFacts facts) {
        DatabaseRef database = null;
        try {
            database = inputs.database(signal, facts);
            MigrationSource source = inputs.source(signal);
            Versions crashed = inputs.versions(source, signal, facts);
            String url = inputs.databaseUrl(signal, database);
            Prescription prescription = engine.diagnose(crashed.directory(), url, database.schema());
            Diagnosis seen = prescription.diagnosis();
            if (seen.verdict() == Verdict.BAD_INPUT || seen.versionRows().isEmpty()) {
                return alembicDrift.finding(prescription, signal, facts, database, crashed);
            }
            List<String> unknown = switch (engine.knows(crashed.directory(), seen.versionRows())) {
                case AlembicEngine.GraphAnswer.Lacks lacks -> lacks.missing();
                case AlembicEngine.GraphAnswer.Knows knows -> List.of();
                case AlembicEngine.GraphAnswer.Unreadable unreadable -> List.of();
            };
            if (unknown.isEmpty()) {
                // the image knows every row: not image drift after all, but the engine's answer still holds
                return alembicDrift.finding(prescription, signal, facts, database, crashed);
            }
            return rollForward(signal, facts, database, source, crashed, seen, unknown);
        } catch (Blocked blocked) {
            return new Finding(DiagnoserKind.IMAGE_DRIFT, Diagnosis.needsHuman(blocked.blocker()), List.of(),
                    "a person must decide: " + blocked.blocker().text(), database, signal.container());
        }
    }

    private Finding rollForward(Signal signal, WorkloadFacts facts, DatabaseRef database, MigrationSource source,
                                Versions crashed, Diagnosis seen, List<String> unknown) throws Blocked {
        String display = source.ref().display();
        String crashedCommit = AlembicDriftDiagnoser.shortId(crashed.commit());
        List<String> reasoning = new ArrayList<>();
        reasoning.add("the version table names " + String.join(", ", unknown) + ", which the migrations of commit "
                + crashedCommit + " (the crashed image " + signal.container().image() + ") do not have: the database"
                + " was migrated by newer code");
        List<String> commits;
        try {
            commits = source.history(maxCommits, crashed.commit());
        } catch (SourceException e) {
            throw inputs.unavailable(source.ref(), e);
        }
        List<String> warnings = new ArrayList<>(seen.warnings());
        Map<String, Boolean> knownByContent = new HashMap<>();
        String target = null;
        int checked = 0;
        for (String commit : commits) {
            checked++;
            Versions versions;
            try {
                versions = source.at(commit);
            } catch (SourceException e) {
                if (e.kind() != SourceException.Kind.NOT_FOUND) {
                    inputs.countFailure(source.ref(), e);
                }
                continue; // this commit has no readable revision files; an older one may
            }
            Boolean knows = knownByContent.computeIfAbsent(versions.contentId(), id ->
                    switch (engine.knows(versions.directory(), seen.versionRows())) {
                        case AlembicEngine.GraphAnswer.Knows k -> true;
                        case AlembicEngine.GraphAnswer.Lacks l -> false;
                        case AlembicEngine.GraphAnswer.Unreadable u -> {
                            warnings.add("the migrations of commit " + AlembicDriftDiagnoser.shortId(commit)
                                    + " cannot be read: " + u.reason());
                            yield false;
                        }
                    });
            if (knows) {
                target = commit;
                break;
            }
        }
        if (target == null) {
            Blocker none = new Blocker.NoImageKnowsRevisions(unknown, display);
            reasoning.add("checked " + checked + " commit" + (checked == 1 ? "" : "s") + " newer than " + crashedCommit
                    + ", newest first: none has " + String.join(", ", unknown));
            return new Finding(DiagnoserKind.IMAGE_DRIFT, new Diagnosis(Verdict.NEEDS_HUMAN, none.text(),
                    seen.versionRows(), seen.heads(), seen.revisions(), List.of(none), reasoning, warnings), List.of(),
                    "a person must decide: " + none.text(), database, signal.container());
        }
        ImageTemplate template = inputs.template(facts);
        String fromImage = signal.container().image();
        String toImage = template.imageFor(target, fromImage);
        String target7 = AlembicDriftDiagnoser.shortId(target);
        reasoning.add("commit " + target7 + " is the newest commit of " + display + " whose migrations contain "
                + String.join(", ", seen.versionRows()) + " (checked " + checked + " commit" + (checked == 1 ? "" : "s")
                + ", newest first)");
        reasoning.add("its image by the rule " + template.describe() + ": " + toImage);
        String reason = "the database is at " + String.join(", ", seen.versionRows()) + ", which image " + crashedCommit
                + " does not know; " + target7 + " is the newest commit that has it";
        Optional<Blocker> blocker = blocker(signal, facts, toImage);
        if (blocker.isPresent()) {
            return new Finding(DiagnoserKind.IMAGE_DRIFT, new Diagnosis(Verdict.NEEDS_HUMAN, blocker.get().text(),
                    seen.versionRows(), seen.heads(), seen.revisions(), List.of(blocker.get()), reasoning, warnings),
                    List.of(), "roll " + signal.workload().name() + " forward to " + toImage + " — a person must do it: "
                    + blocker.get().text(), database, signal.container());
        }
        Step step = new Step.RollForwardImage(signal.workload(), signal.container().name(), fromImage, toImage);
        return new Finding(DiagnoserKind.IMAGE_DRIFT, new Diagnosis(Verdict.AUTO_PLAN, reason, seen.versionRows(),
                seen.heads(), seen.revisions(), List.of(), reasoning, warnings), List.of(step),
                "roll " + signal.workload().name() + " forward to " + toImage, database, signal.container());
    }

    /** Why the image cannot be changed in the cluster: Argo CD owns the workload, or the container is a Job's. */
    private Optional<Blocker> blocker(Signal signal, WorkloadFacts facts, String toImage) {
        Optional<String> application = inputs.gitOpsApplication(facts);
        if (application.isPresent()) {
            return Optional.of(new Blocker.ManagedByGitOps("Argo CD", application.get()));
        }
        if (signal.container().kind() == ContainerKind.JOB) {
            return Optional.of(new Blocker.MissingLink("Job " + signal.container().jobName(),
                    "the migration Job's image comes from what created it (a Helm chart, an Argo CD hook, a CronJob):"
                            + " set it to " + toImage + " there"));
        }
        return Optional.empty();
    }
}
