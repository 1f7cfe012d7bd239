package io.medic.doctor.plan;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.Simulator;
import io.medic.events.Blocker;
import io.medic.events.Step;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Proves a plan before anyone sees it: replays it on the snapshot, command by command, with Alembic's
 * version-table semantics and PostgreSQL's rules for every operation. The plan is proven when no
 * command is refused, no operation fails, no revision runs twice or runs when its effects are already
 * there, the version table ends at head, and the schema ends as head's migrations describe it (with
 * nothing else changed).
 */
public final class PlanProof {

    /** The outcome: either the failure, or the schema and version rows the plan ends with. */
    public record Result(Blocker failure, SchemaModel finalSchema, List<String> finalRows) {
        public boolean proven() {
            return failure == null;
        }
    }

    private PlanProof() {
    }

    public static Result prove(RevisionGraph graph, SchemaModel start, List<String> versionRows, BitSet present,
                               List<Step> steps, SchemaModel headSchema, Set<String> managedTables,
                               List<Difference> toleratedBefore) {
        AlembicModel alembic = new AlembicModel(graph);
        SchemaModel schema = start.copy();
        List<String> rows = AlembicModel.sorted(versionRows);
        BitSet applied = (BitSet) present.clone();
        for (Step step : steps) {
            try {
                switch (step) {
                    case Step.AlembicStamp s -> {
                        if (!s.expectVersionRows().equals(rows)) {
                            return fail(s.alembicCommand() + " expects version rows " + s.expectVersionRows() + " but they are " + rows);
                        }
                        rows = alembic.stamp(rows, s.revisions(), s.purge());
                        if (!rows.equals(s.resultVersionRows())) {
                            return fail(s.alembicCommand() + " leaves " + rows + ", not " + s.resultVersionRows());
                        }
                    }
                    case Step.AlembicUpgrade u -> {
                        if (!u.expectVersionRows().equals(rows)) {
                            return fail(u.alembicCommand() + " expects version rows " + u.expectVersionRows() + " but they are " + rows);
                        }
                        AlembicModel.Upgrade upgrade = alembic.upgrade(rows, u.target());
                        for (int r : upgrade.runs()) {
                            String id = graph.at(r).id();
                            if (applied.get(r)) {
                                return fail(u.alembicCommand() + " would run " + id + " again: its effects are already there");
                            }
                            List<String> violations = new ArrayList<>();
                            for (Operation op : graph.at(r).file().operations()) {
                                if (!op.touchesOtherSchema()) { // other schemas are outside what Medic checks
                                    Simulator.apply(schema, op, violations::add);
                                }
                            }
                            if (!violations.isEmpty()) {
                                return new Result(new Blocker.UpgradeWouldFail(u.alembicCommand(), id, violations.get(0)),
                                        null, null);
                            }
                            applied.set(r);
                        }
                        rows = upgrade.rows();
                        List<String> ran = upgrade.runs().stream().map(i -> graph.at(i).id()).toList();
                        if (!ran.equals(u.applies()) || !rows.equals(u.resultVersionRows())) {
                            return fail(u.alembicCommand() + " runs " + ran + " leaving " + rows + ", not as planned");
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
                return new Result(new Blocker.AlembicUnreliable("Alembic would refuse a command: "
                        + refusal.getMessage()), null, null);
            }
        }
        if (applied.cardinality() != graph.size()) {
            BitSet missing = graph.all();
            missing.andNot(applied);
            return fail("the plan leaves " + String.join(", ", graph.ids(missing)) + " unapplied");
        }
        List<String> headRows = graph.headsOf(graph.all());
        if (!rows.equals(AlembicModel.sorted(headRows))) {
            return fail("the plan leaves the version table at " + rows + ", not at head " + headRows);
        }
        List<String> tolerated = toleratedBefore.stream().map(Difference::text).toList();
        for (Difference d : SchemaComparison.differences(headSchema, schema, managedTables)) {
            if (d.missing() || !tolerated.contains(d.text())) {
                return fail("after the plan the schema would differ from head's: " + d.text());
            }
        }
        return new Result(null, schema, rows);
    }

    private static Result fail(String why) {
        return new Result(new Blocker.Unproven(why), null, null);
    }
}
