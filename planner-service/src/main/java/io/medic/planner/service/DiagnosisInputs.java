package io.medic.planner.service;

import io.medic.events.Blocker;
import io.medic.events.DatabaseRef;
import io.medic.events.SecretKeyRef;
import io.medic.events.Signal;
import io.medic.planner.client.ClusterReader;
import io.medic.planner.client.MigrationSource;
import io.medic.planner.client.MigrationSources;
import io.medic.planner.client.SourceException;
import io.medic.planner.client.Versions;
import io.medic.planner.domain.ImageTemplate;
import io.medic.planner.domain.MigrationSourceRef;
import io.medic.planner.domain.PlannerAnnotations;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * What the drift diagnosers need before the engine can run, each answer or the blocker that stops the
 * diagnosis: the database (the Secret the signal names, in the workload's namespace), the migration source, the
 * commit the crashed image was built from, and the revision files at that commit. Source failures are counted by
 * kind.
 */
@ApplicationScoped
class DiagnosisInputs {

    private final ClusterReader cluster;
    private final MigrationSources sources;
    private final PlannerMetrics metrics;

    DiagnosisInputs(ClusterReader cluster, MigrationSources sources, PlannerMetrics metrics) {
        this.cluster = cluster;
        this.sources = sources;
        this.metrics = metrics;
    }

    DatabaseRef database(Signal signal, WorkloadFacts facts) throws Blocked {
        if (signal.links().databaseSecret() == null) {
            throw new Blocked(new Blocker.MissingLink("medic.io/database-secret",
                    "the workload names no Secret holding its database URL (annotate it with"
                            + " medic.io/database-secret: <secret>/<key>)"));
        }
        SecretKeyRef signalled = signal.links().databaseSecret();
        if (!facts.found()) {
            throw new Blocked(new Blocker.MissingLink("medic.io/database-secret", "the workload cannot be read, so the"
                    + " Secret the signal names (" + signalled.name() + ") cannot be checked against it: the planner reads"
                    + " only a Secret the live workload names"));
        }
        SecretKeyRef named = SecretKeyRef.ofAnnotation(facts.annotation(PlannerAnnotations.DATABASE_SECRET).orElse(null));
        if (!signalled.equals(named)) {
            throw new Blocked(new Blocker.MissingLink("medic.io/database-secret", "the signal names Secret "
                    + signalled.name() + " (key " + signalled.key() + "), but the live workload's medic.io/database-secret "
                    + (named == null ? "names none" : "names " + named.name() + " (key " + named.key() + ")")
                    + ": the planner reads only the Secret the workload names"));
        }
        return new DatabaseRef(signalled,
                facts.annotation(PlannerAnnotations.DATABASE_SCHEMA).orElse("public"));
    }

    /** The URL, for the engine only: never put it in a plan, a log line, a metric or an error. */
    String databaseUrl(Signal signal, DatabaseRef database) throws Blocked {
        try {
            return cluster.secretValue(signal.workload().namespace(), database.secret());
        } catch (ClusterReader.SecretUnavailable e) {
            throw new Blocked(new Blocker.MissingLink("medic.io/database-secret", e.getMessage()));
        }
    }

    MigrationSource source(Signal signal) throws Blocked {
        String annotation = signal.links().migrations();
        if (annotation == null) {
            throw new Blocked(new Blocker.MissingLink("medic.io/migrations",
                    "the workload does not say where its migrations live (annotate it with medic.io/migrations:"
                            + " dir:<path>, git:<clone-url>#<path> or forge:<owner>/<repo>#<path>)"));
        }
        MigrationSourceRef ref;
        try {
            ref = MigrationSourceRef.parse(annotation);
        } catch (IllegalArgumentException e) {
            metrics.sourceFailed("unknown", SourceException.Kind.BAD_REFERENCE);
            throw new Blocked(new Blocker.MissingLink("medic.io/migrations", e.getMessage()));
        }
        try {
            return sources.open(ref);
        } catch (SourceException e) {
            throw unavailable(ref, e);
        }
    }

    ImageTemplate template(WorkloadFacts facts) {
        return ImageTemplate.of(facts.annotation(PlannerAnnotations.IMAGE_TEMPLATE).orElse(null));
    }

    /** The commit {@code image} was built from, by the workload's image rule. */
    String commitOf(MigrationSource source, String image, WorkloadFacts facts) throws Blocked {
        ImageTemplate template = template(facts);
        Optional<String> commit = template.commitOf(image);
        if (commit.isEmpty()) {
            throw unavailable(source.ref(), new SourceException(SourceException.Kind.NO_COMMIT, "image " + image
                    + " names no commit by the rule " + template.describe() + " (set " + PlannerAnnotations.IMAGE_TEMPLATE
                    + ", e.g. registry/app:{commit7})"));
        }
        return commit.get();
    }

    /** The revision files the crashed image was built with (a directory source is read as it is). */
    Versions versions(MigrationSource source, Signal signal, WorkloadFacts facts) throws Blocked {
        String commit = source.ref() instanceof MigrationSourceRef.Dir ? null
                : commitOf(source, signal.container().image(), facts);
        return versionsAt(source, commit);
    }

    Versions versionsAt(MigrationSource source, String commit) throws Blocked {
        try {
            return source.at(commit);
        } catch (SourceException e) {
            throw unavailable(source.ref(), e);
        }
    }

    Blocked unavailable(MigrationSourceRef ref, SourceException e) {
        metrics.sourceFailed(ref.kind(), e.kind());
        return new Blocked(new Blocker.SourceUnavailable(ref.display(), e.getMessage()));
    }

    void countFailure(MigrationSourceRef ref, SourceException e) {
        metrics.sourceFailed(ref.kind(), e.kind());
    }

    /** The Argo CD Application that manages the workload, when one does ({@code namespace/name} or its name). */
    Optional<String> gitOpsApplication(WorkloadFacts facts) {
        Optional<String> tracking = facts.annotation(PlannerAnnotations.ARGOCD_TRACKING_ID);
        if (tracking.isPresent()) {
            String id = tracking.get();
            return Optional.of(id.contains(":") ? id.substring(0, id.indexOf(':')) : id);
        }
        return facts.label(PlannerAnnotations.INSTANCE_LABEL).flatMap(cluster::argoApplication);
    }
}
