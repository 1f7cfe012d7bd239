package io.medic.doctor.plan;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.events.Step;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Builds the Alembic-level plan that brings a database to head with every revision applied exactly
 * once, from the revision states alone (what the reconciliation says is present). Repeatedly: stamp the
 * version table to the largest ancestor-closed part of what is present (so Alembic believes exactly what
 * is true), then upgrade to the furthest revisions whose ancestry holds nothing already present out of
 * order (so Alembic runs only what needs running). Running the first missing revision always makes
 * progress, so the loop ends.
 */
public final class PlanBuilder {

    /** The commands, and one line of reasoning per command. */
    public record AlembicPlan(List<Step> steps, List<String> reasoning) {
    }

    private final RevisionGraph graph;
    private final AlembicModel alembic;

    public PlanBuilder(RevisionGraph graph) {
        this.graph = graph;
        this.alembic = new AlembicModel(graph);
    }

    /** @param reconciliation with no undecided revision (those block a plan before it is built) */
    public AlembicPlan build(Reconciliation reconciliation, List<String> versionRows) throws AlembicRefusal {
        BitSet applied = reconciliation.present();
        List<String> rows = AlembicModel.sorted(versionRows);
        List<Step> steps = new ArrayList<>();
        List<String> reasoning = new ArrayList<>();
        BitSet all = graph.all();
        for (int guard = 0; guard <= 2 * graph.size() + 2; guard++) {
            BitSet core = graph.closedCore(applied);
            List<String> want = graph.headsOf(core);
            if (!rows.equals(want)) {
                AlembicStamp stamp = stamp(rows, want);
                steps.add(stamp.step);
                reasoning.add(stamp.reason(graph, core, rows));
                rows = stamp.step.resultVersionRows();
            }
            if (core.equals(all)) {
                return new AlembicPlan(steps, reasoning);
            }
            BitSet outOfOrder = (BitSet) applied.clone();
            outOfOrder.andNot(core);
            List<String> targets = targets(applied, outOfOrder);
            for (String target : targets) {
                AlembicModel.Upgrade upgrade = alembic.upgrade(rows, target);
                List<String> runs = upgrade.runs().stream().map(i -> graph.at(i).id()).toList();
                steps.add(new Step.AlembicUpgrade(target, rows, runs, upgrade.rows()));
                reasoning.add(upgradeReason(target, runs, outOfOrder));
                upgrade.runs().forEach(applied::set);
                rows = upgrade.rows();
            }
        }
        throw new IllegalStateException("plan construction did not converge");
    }

    /** The furthest missing revisions whose ancestry contains nothing applied out of order. */
    private List<String> targets(BitSet applied, BitSet outOfOrder) {
        BitSet runnable = new BitSet(graph.size());
        for (int i = applied.nextClearBit(0); i < graph.size(); i = applied.nextClearBit(i + 1)) {
            if (!graph.ancestorsOf(i).intersects(outOfOrder)) {
                runnable.set(i);
            }
        }
        BitSet covered = new BitSet(graph.size());
        for (int i = runnable.nextSetBit(0); i >= 0; i = runnable.nextSetBit(i + 1)) {
            covered.or(graph.ancestorsOf(i));
        }
        List<String> maximal = new ArrayList<>();
        for (int i = runnable.nextSetBit(0); i >= 0; i = runnable.nextSetBit(i + 1)) {
            if (!covered.get(i)) {
                maximal.add(graph.at(i).id());
            }
        }
        if (maximal.containsAll(graph.heads()) && maximal.size() == graph.heads().size()) {
            return List.of(graph.heads().size() == 1 && graph.versionedHeads().size() == 1 ? "head" : "heads");
        }
        return maximal;
    }

    private record AlembicStamp(Step.AlembicStamp step) {
        String reason(RevisionGraph graph, BitSet core, List<String> before) {
            List<String> rows = step.resultVersionRows();
            if (rows.isEmpty()) {
                return step.alembicCommand() + ": nothing is applied yet, so the version table must be empty";
            }
            return step.alembicCommand() + ": records " + String.join(", ", rows)
                    + " and everything before " + (rows.size() == 1 ? "it" : "them")
                    + " as applied, which is what the schema shows (the version table said "
                    + (before.isEmpty() ? "nothing" : String.join(", ", before)) + ")";
        }
    }

    private AlembicStamp stamp(List<String> rows, List<String> want) throws AlembicRefusal {
        if (want.isEmpty()) {
            return new AlembicStamp(new Step.AlembicStamp(List.of("base"), true, rows, List.of()));
        }
        if (want.size() == 1) {
            try {
                List<String> result = alembic.stamp(rows, want, false);
                if (result.equals(want)) {
                    return new AlembicStamp(new Step.AlembicStamp(want, false, rows, result));
                }
            } catch (AlembicRefusal plainStampRefused) {
                // fall through to --purge, which sets the rows exactly
            }
        }
        return new AlembicStamp(new Step.AlembicStamp(want, true, rows, alembic.stamp(rows, want, true)));
    }

    private String upgradeReason(String target, List<String> runs, BitSet outOfOrder) {
        String line = "alembic upgrade " + target + ": runs " + String.join(", ", runs);
        if (!outOfOrder.isEmpty()) {
            line += ", and nothing further: " + String.join(", ", graph.ids(outOfOrder))
                    + " already took effect out of order, and stamping past "
                    + (outOfOrder.cardinality() == 1 ? "it" : "them") + " first would make Alembic skip "
                    + String.join(", ", runs);
        }
        return line;
    }
}
