package io.medic.doctor;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.plan.AlembicRefusal;
import io.medic.doctor.plan.PlanProof;
import io.medic.doctor.reconcile.Evidence;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.doctor.schema.Difference;
import io.medic.events.Blocker;
import io.medic.events.BlockerKind;
import io.medic.events.RevisionState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one place the engine decides why no automatic plan may be made: from the reconciliation's states and
 * evidence, the revision graph, Alembic's refusal of a command, and the proof's failure. Everything else
 * reports data; only here does it become a {@link Blocker}.
 */
final class Blockers {

    private Blockers() {
    }

    /**
     * What the states and the graph forbid, most specific first: version rows the files do not have; per
     * revision, in order, what the schema shows (partly applied, a destructive re-run), then what it cannot
     * show (a revision in doubt); differences no revision explains; several heads.
     */
    static List<Blocker> of(Reconciliation rec) {
        RevisionGraph graph = rec.graph();
        List<Blocker> blockers = new ArrayList<>();
        List<String> padded = rec.unknownRows().stream().filter(row -> !row.strip().equals(row)).toList();
        for (String row : padded) {
            blockers.add(new Blocker.AlembicUnreliable("the version table row '" + row + "' has surrounding"
                    + " whitespace: Alembic cannot locate it (\"Can't locate revision identified by '" + row + "'\")"
                    + " and fails every command but stamp --purge"
                    + (graph.contains(row.strip()) ? "; a person decides whether it means " + row.strip() : "")));
        }
        List<String> unknown = rec.unknownRows().stream().filter(row -> !padded.contains(row)).toList();
        if (!unknown.isEmpty()) {
            blockers.add(new Blocker.UnknownVersionRows(unknown));
        }
        List<Blocker> revisions = new ArrayList<>();
        for (Revision r : graph.order()) {
            Blocker b = of(r, rec.state(r.index()), rec.evidence(r.index()));
            if (b != null) {
                revisions.add(b);
            }
        }
        // a stable sort: doubts about what the schema cannot show after what it does show, each in revision order
        revisions.sort(Comparator.comparing(b -> b.kind() == BlockerKind.UNVERIFIABLE));
        blockers.addAll(revisions);
        for (Difference d : rec.unexplained()) {
            blockers.add(new Blocker.UnexplainedDrift(d.text()));
        }
        if (graph.heads().size() > 1 && graph.branchLabels().isEmpty()) {
            blockers.add(new Blocker.MultipleHeads(graph.heads()));
        }
        return blockers;
    }

    /** What one revision's state forbids, or null. */
    private static Blocker of(Revision r, RevisionState state, Evidence evidence) {
        return switch (state) {
            case PARTIAL, STAMPED_PARTIAL -> new Blocker.PartiallyApplied(r.id(), evidence.present(), evidence.absent());
            case STAMPED_ABSENT -> {
                // running it again is the plan; unless that destroys what may hold data
                List<String> destroys = r.file().operations().stream().flatMap(op -> op.destroys().stream()).toList();
                yield destroys.isEmpty() ? null : new Blocker.DestructiveRerun(r.id(), destroys);
            }
            case UNVERIFIABLE_IN_DOUBT -> new Blocker.Unverifiable(r.id(), r.file().summary(), inDoubt(r, evidence));
            case APPLIED, PRESENT_UNSTAMPED, MISSING, UNVERIFIABLE_APPLIED, UNVERIFIABLE_UNSTAMPED,
                 UNVERIFIABLE_MISSING -> null;
        };
    }

    private static String inDoubt(Revision r, Evidence evidence) {
        boolean schemaChange = r.file().operations().stream()
                .anyMatch(Operation::checkableInSchema);
        if (schemaChange) {
            Operation unchecked = r.file().firstUnchecked().orElseThrow();
            // the change (the revision's summary) already shows the SQL or the call
            return "its schema change is present but the version table does not imply it, and its "
                    + (unchecked instanceof Operation.Execute ? "data work" : "call the reader cannot read")
                    + " at line " + unchecked.line() + " cannot be checked in the schema: it may have been applied"
                    + " by hand without that part";
        }
        return evidence.missingBefore().isEmpty()
                ? "its effect cannot be checked in the schema, and the version table does not imply it;"
                        + " revisions after it " + evidence.presentAfter() + " are present but not stamped,"
                        + " so they may have been applied by hand, out of order, without it"
                : "revisions after it are present but " + evidence.missingBefore()
                        + " before it are missing, so history ran out of order";
    }

    /** Building the plan, Alembic would refuse a command it needs. */
    static Blocker refused(AlembicRefusal refusal) {
        return new Blocker.AlembicUnreliable(refusal.getMessage());
    }

    /** The plan's proof by simulation failed. */
    static Blocker unproven(PlanProof.Failure failure) {
        return switch (failure) {
            case PlanProof.Refused f -> new Blocker.AlembicUnreliable("Alembic would refuse a command: "
                    + f.refusal().getMessage());
            case PlanProof.OperationFails f -> new Blocker.UpgradeWouldFail(f.command(), f.revision(), f.violation());
            case PlanProof.IdTooLong f -> new Blocker.UpgradeWouldFail(f.command(), f.revision(), "its id is "
                    + f.length() + " characters and alembic_version.version_num holds " + f.width()
                    + " (Alembic creates it as VARCHAR(32)), so PostgreSQL refuses to write it; widen the column"
                    + " (ALTER TABLE alembic_version ALTER COLUMN version_num TYPE varchar(" + f.length()
                    + ")) or shorten the id");
            case PlanProof.UnexpectedRows f -> new Blocker.Unproven(f.command() + " expects version rows "
                    + f.expected() + " but they are " + f.actual());
            case PlanProof.StampLeaves f -> new Blocker.Unproven(f.command() + " leaves " + f.rows() + ", not "
                    + f.planned());
            case PlanProof.RunsAgain f -> new Blocker.Unproven(f.command() + " would run " + f.revision()
                    + " again: its effects are already there");
            case PlanProof.UpgradeDiffers f -> new Blocker.Unproven(f.command() + " runs " + f.runs() + " leaving "
                    + f.rows() + ", not as planned");
            case PlanProof.LeavesUnapplied f -> new Blocker.Unproven("the plan leaves "
                    + String.join(", ", f.revisions()) + " unapplied");
            case PlanProof.NotAtHead f -> new Blocker.Unproven("the plan leaves the version table at " + f.rows()
                    + ", not at head " + f.heads());
            case PlanProof.SchemaDiffers f -> new Blocker.Unproven("after the plan the schema would differ from head's: "
                    + f.difference().text());
        };
    }

    /** The input could not be read: the whole reason, on one line. */
    static Blocker badInput(String reason) {
        return new Blocker.BadInput(oneLine(reason));
    }

    static String oneLine(String reason) {
        return reason.replaceAll("\\s+", " ");
    }
}
