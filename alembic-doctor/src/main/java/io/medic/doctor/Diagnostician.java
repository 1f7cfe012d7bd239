package io.medic.doctor;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.plan.AlembicRefusal;
import io.medic.doctor.plan.PlanBuilder;
import io.medic.doctor.plan.PlanProof;
import io.medic.doctor.reconcile.MigrationHistory;
import io.medic.doctor.reconcile.Reconciler;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Blocker;
import io.medic.events.Diagnosis;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.events.schema.SchemaShape;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine without I/O: a revision graph and a schema snapshot in, a diagnosis out. Reconciles every
 * revision's state, refuses to plan when a human must decide ({@link Blockers}), otherwise builds the plan
 * from the states and proves it by simulation before returning it.
 */
public final class Diagnostician {

    private Diagnostician() {
    }

    public static Prescription diagnose(RevisionGraph graph, SchemaSnapshot snapshot) {
        return diagnose(MigrationHistory.of(graph), snapshot);
    }

    public static Prescription diagnose(MigrationHistory history, SchemaSnapshot snapshot) {
        RevisionGraph graph = history.graph();
        Reconciliation rec = Reconciler.reconcile(history, snapshot);
        List<String> warnings = new ArrayList<>();
        history.inconsistencies().forEach(p -> warnings.add("the migrations disagree with themselves: " + p));
        rec.extras().forEach(d -> warnings.add(d.text() + ", though no migration creates it"));
        if (!snapshot.versionTableExists()) {
            warnings.add("there is no alembic_version table in schema " + snapshot.schema());
        }
        if (snapshot.nullRows() > 0) {
            warnings.add("the version table holds " + snapshot.nullRows() + " NULL row" + (snapshot.nullRows() == 1 ? "" : "s")
                    + ", which Alembic ignores (alembic stamp --purge removes them)");
        }
        if (!snapshot.duplicatedRows().isEmpty()) {
            warnings.add("the version table holds " + String.join(", ", snapshot.duplicatedRows()) + " more than once"
                    + " (it has no primary key): Alembic reads it once, but its next stamp or upgrade from there fails"
                    + " (\"expected to match one row ... found\") unless alembic stamp --purge rewrites the table first");
        }
        List<RevisionRow> rows = rows(history, rec);
        List<String> headRows = graph.headsOf(graph.all());

        List<Blocker> blockers = Blockers.of(rec);
        if (!blockers.isEmpty()) {
            return needsHuman(blockers, snapshot, graph, rows, warnings);
        }
        if (rec.allPresent() && snapshot.versionRows().equals(sorted(headRows))) {
            return Prescription.of(new Diagnosis(Verdict.HEALTHY, "the database is at head ("
                    + String.join(", ", headRows) + ") and every revision's effect is present", snapshot.versionRows(),
                    graph.heads(), rows, List.of(), List.of(), warnings));
        }
        PlanBuilder.AlembicPlan plan;
        try {
            plan = repairingDuplicates(new PlanBuilder(graph).build(rec, snapshot.versionRows()), snapshot);
        } catch (AlembicRefusal refusal) {
            return needsHuman(List.of(Blockers.refused(refusal)), snapshot, graph, rows, warnings);
        }
        PlanProof.Result proof = PlanProof.prove(rec, snapshot, plan.steps(),
                history.headSchema(), history.managedTables());
        if (!proof.proven()) {
            return needsHuman(List.of(Blockers.unproven(proof.failure())), snapshot, graph, rows, warnings);
        }
        SchemaShape expected = proof.finalSchema().restrictedTo(history.managedTables()).toShape();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.VerifyPrecondition(snapshot.versionRows(), snapshot.fingerprint()));
        steps.addAll(plan.steps());
        steps.add(new Step.VerifyPostcondition(proof.finalRows(), expected, expected.fingerprint()));
        List<String> reasoning = new ArrayList<>(stateReasoning(rec));
        reasoning.addAll(plan.reasoning());
        reasoning.add("proven by simulation: every revision applied exactly once, version table at "
                + String.join(", ", proof.finalRows()) + ", schema equal to head's");
        return new Prescription(new Diagnosis(Verdict.AUTO_PLAN, summary(rec), snapshot.versionRows(),
                graph.heads(), rows, List.of(), reasoning, warnings), steps);
    }

    /**
     * A duplicated version row makes Alembic refuse to move it ("expected to match one row ... 2 found"), so
     * the plan first rewrites the table to exactly the heads Alembic already reads ({@code stamp --purge}
     * deletes every row, NULLs included, then inserts each once): nothing Alembic sees changes, and the
     * proof checks the rest of the plan from there.
     */
    private static PlanBuilder.AlembicPlan repairingDuplicates(PlanBuilder.AlembicPlan plan, SchemaSnapshot snapshot) {
        if (snapshot.duplicatedRows().isEmpty() || plan.steps().isEmpty()) {
            return plan;
        }
        List<String> heads = snapshot.versionRows();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.AlembicStamp(heads, true, heads, heads));
        steps.addAll(plan.steps());
        List<String> reasoning = new ArrayList<>();
        reasoning.add("alembic stamp --purge " + String.join(" ", heads) + " first: the version table holds "
                + String.join(", ", snapshot.duplicatedRows()) + " more than once, which Alembic cannot update");
        reasoning.addAll(plan.reasoning());
        return new PlanBuilder.AlembicPlan(steps, reasoning);
    }

    private static Prescription needsHuman(List<Blocker> blockers, SchemaSnapshot snapshot, RevisionGraph graph,
                                           List<RevisionRow> rows, List<String> warnings) {
        return Prescription.of(new Diagnosis(Verdict.NEEDS_HUMAN, blockers.get(0).text(), snapshot.versionRows(),
                graph.heads(), rows, blockers, List.of(), warnings));
    }

    private static List<RevisionRow> rows(MigrationHistory history, Reconciliation rec) {
        List<RevisionRow> rows = new ArrayList<>();
        for (Revision r : history.graph().order()) {
            int i = r.index();
            rows.add(new RevisionRow(r.id(), history.fileName(i), history.summary(i), rec.state(i),
                    rec.evidence(i).notes()));
        }
        return rows;
    }

    /** What the plan does about the revisions whose state the version table has wrong. */
    private static List<String> stateReasoning(Reconciliation rec) {
        List<String> lines = new ArrayList<>();
        for (Revision r : rec.graph().order()) {
            switch (rec.state(r.index())) {
                case PRESENT_UNSTAMPED -> lines.add(r.id()
                        + " took effect without the version table saying so: it must be stamped, not run");
                case STAMPED_ABSENT -> lines.add(r.id() + " is stamped but its effects are absent: it must run again");
                // an assumed state is explained by its evidence; the others need nothing said, or block the plan
                case APPLIED, MISSING, PARTIAL, STAMPED_PARTIAL, UNVERIFIABLE_APPLIED, UNVERIFIABLE_UNSTAMPED,
                     UNVERIFIABLE_MISSING, UNVERIFIABLE_IN_DOUBT -> { }
            }
        }
        return lines;
    }

    /** The verdict's one line: filters over the states. */
    private static String summary(Reconciliation rec) {
        List<String> unstamped = rec.ids(RevisionState::needsStamp);
        List<String> stampedAbsent = rec.ids(s -> s.stamped() && s.needsRun());
        List<String> missing = rec.ids(s -> !s.stamped() && s.needsRun());
        List<String> parts = new ArrayList<>();
        if (!unstamped.isEmpty()) {
            parts.add(String.join(", ", unstamped) + (unstamped.size() == 1 ? " is" : " are")
                    + " present but not stamped");
        }
        if (!stampedAbsent.isEmpty()) {
            parts.add(String.join(", ", stampedAbsent) + (stampedAbsent.size() == 1 ? " is" : " are")
                    + " stamped but absent");
        }
        if (!missing.isEmpty()) {
            parts.add(abbreviate(missing) + (missing.size() == 1 ? " is" : " are") + " missing");
        }
        return String.join("; ", parts);
    }

    private static String abbreviate(List<String> ids) {
        if (ids.size() <= 8) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, 3)) + ", ... " + ids.get(ids.size() - 1) + " (" + ids.size() + " revisions)";
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
