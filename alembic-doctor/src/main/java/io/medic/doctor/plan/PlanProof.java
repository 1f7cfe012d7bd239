package io.medic.doctor.plan;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;
import io.medic.events.Step;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Proves a plan before anyone sees it: replays it on the snapshot, command by command, with Alembic's
 * version-table semantics and PostgreSQL's rules for every operation. The plan is proven when no
 * command is refused, no operation fails, every revision the reconciliation says needs running runs
 * exactly once and no other revision runs, the version table ends at head, and the schema ends as head's
 * migrations describe it (with nothing else changed). A failure is data ({@link Failure}); the blocker
 * it becomes is {@code Blockers}'.
 */
public final class PlanProof {

    /** Why a plan is not proven. */
    public sealed interface Failure {
    }

    /** Alembic would refuse one of the plan's commands. */
    public record Refused(String command, AlembicRefusal refusal) implements Failure {
    }

    /** A command would find other version rows than the plan expects there. */
    public record UnexpectedRows(String command, List<String> expected, List<String> actual) implements Failure {
    }

    /** A stamp would leave other version rows than the plan says. */
    public record StampLeaves(String command, List<String> rows, List<String> planned) implements Failure {
    }

    /** An upgrade would run a revision whose effect is already there (or that ran earlier in the plan). */
    public record RunsAgain(String command, String revision) implements Failure {
    }

    /** An operation of a revision an upgrade runs would fail against the schema at that point. */
    public record OperationFails(String command, String revision, String violation) implements Failure {
    }

    /**
     * A command would write a revision id longer than the version column holds: PostgreSQL refuses the write,
     * after an upgrade's DDL for that revision has run.
     */
    public record IdTooLong(String command, String revision, int length, int width) implements Failure {
    }

    /** Characters as PostgreSQL counts them for {@code varchar(n)}: code points, not UTF-16 units. */
    private static int characters(String id) {
        return id.codePointCount(0, id.length());
    }

    /** An upgrade would run other revisions, or leave other rows, than the plan says. */
    public record UpgradeDiffers(String command, List<String> runs, List<String> rows) implements Failure {
    }

    /** Revisions that need running are still unapplied at the end. */
    public record LeavesUnapplied(List<String> revisions) implements Failure {
    }

    /** The version table would not end at head. */
    public record NotAtHead(List<String> rows, List<String> heads) implements Failure {
    }

    /** The schema would end different from head's. */
    public record SchemaDiffers(Difference difference) implements Failure {
    }

    /** The outcome: either the failure, or the schema and version rows the plan ends with. */
    public record Result(Failure failure, SchemaModel finalSchema, List<String> finalRows) {
        public boolean proven() {
            return failure == null;
        }
    }

    private PlanProof() {
    }

    public static Result prove(Reconciliation reconciliation, SchemaSnapshot start, List<Step> steps,
                               SchemaModel headSchema, Set<String> managedTables) {
        RevisionGraph graph = reconciliation.graph();
        AlembicModel alembic = new AlembicModel(graph);
        SchemaModel schema = start.model().copy();
        List<String> rows = AlembicModel.sorted(start.versionRows());
        int width = start.versionColumnWidth();
        BitSet ran = new BitSet(graph.size());
        for (Step step : steps) {
            String command = step.alembicCommand();
            try {
                switch (step) {
                    case Step.AlembicStamp s -> {
                        if (!s.expectVersionRows().equals(rows)) {
                            return fail(new UnexpectedRows(command, s.expectVersionRows(), rows));
                        }
                        List<String> before = rows;
                        rows = alembic.stamp(rows, s.revisions(), s.purge());
                        if (!rows.equals(s.resultVersionRows())) {
                            return fail(new StampLeaves(command, rows, s.resultVersionRows()));
                        }
                        for (String written : rows) {
                            if (!before.contains(written) && characters(written) > width) {
                                return fail(new IdTooLong(command, written, characters(written), width));
                            }
                        }
                    }
                    case Step.AlembicUpgrade u -> {
                        if (!u.expectVersionRows().equals(rows)) {
                            return fail(new UnexpectedRows(command, u.expectVersionRows(), rows));
                        }
                        AlembicModel.Upgrade upgrade = alembic.upgrade(rows, u.target());
                        for (int r : upgrade.runs()) {
                            String id = graph.at(r).id();
                            if (!reconciliation.state(r).needsRun() || ran.get(r)) {
                                return fail(new RunsAgain(command, id));
                            }
                            // Alembic writes each revision it runs into the version table (a row moves through
                            // every step), so each one's id must fit
                            if (characters(id) > width) {
                                return fail(new IdTooLong(command, id, characters(id), width));
                            }
                            List<String> violations = new ArrayList<>();
                            for (Operation op : graph.at(r).file().operations()) {
                                if (!op.touchesOtherSchema()) { // other schemas are outside what Medic checks
                                    Simulator.apply(schema, op, violations::add);
                                }
                            }
                            if (!violations.isEmpty()) {
                                return fail(new OperationFails(command, id, violations.get(0)));
                            }
                            ran.set(r);
                        }
                        rows = upgrade.rows();
                        List<String> runs = upgrade.runs().stream().map(i -> graph.at(i).id()).toList();
                        if (!runs.equals(u.applies()) || !rows.equals(u.resultVersionRows())) {
                            return fail(new UpgradeDiffers(command, runs, rows));
                        }
                    }
                    // checks and cluster steps leave the version table and the schema as they are
                    case Step.VerifyPrecondition v -> { }
                    case Step.VerifyPostcondition v -> { }
                    case Step.RestartWorkload w -> { }
                    case Step.AwaitRollout w -> { }
                    case Step.VerifyHttp v -> { }
                    case Step.RollForwardImage i -> { }
                }
            } catch (AlembicRefusal refusal) {
                return fail(new Refused(command, refusal));
            }
        }
        BitSet unapplied = reconciliation.needsRun();
        unapplied.andNot(ran);
        if (!unapplied.isEmpty()) {
            return fail(new LeavesUnapplied(graph.ids(unapplied)));
        }
        List<String> headRows = graph.headsOf(graph.all());
        if (!rows.equals(AlembicModel.sorted(headRows))) {
            return fail(new NotAtHead(rows, headRows));
        }
        List<String> tolerated = reconciliation.extras().stream().map(Difference::text).toList();
        for (Difference d : SchemaComparison.differences(headSchema, schema, managedTables)) {
            if (d.missing() || !tolerated.contains(d.text())) {
                return fail(new SchemaDiffers(d));
            }
        }
        return new Result(null, schema, rows);
    }

    private static Result fail(Failure failure) {
        return new Result(failure, null, null);
    }
}
