package io.medic.doctor;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.plan.AlembicModel;
import io.medic.doctor.plan.AlembicRefusal;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;
import io.medic.events.RevisionRow;
import io.medic.events.Step;
import io.medic.events.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories where every revision's effect is unique (so which ones ran is knowable), random
 * out-of-order applied sets and random (possibly wrong) version tables: the engine must find exactly
 * the revisions that ran, and its plan, executed by an independent replay (Alembic's bookkeeping as
 * checked against real Alembic, PostgreSQL's rules per operation), must run each missing revision once,
 * none that ran, and end at head.
 */
class ReconciliationPropertyTests {

    private static final int HISTORIES = Integer.getInteger("medic.property.histories", 300);

    @Test
    void theEngineFindsWhatRanAndItsPlanReachesHead() throws Exception {
        long seed = Long.getLong("medic.property.seed", 20261124L);
        SplittableRandom random = new SplittableRandom(seed);
        for (int h = 0; h < HISTORIES; h++) {
            List<MigrationFile> files = history(random);
            RevisionGraph graph = Histories.graph(files);
            BitSet applied = appliedSet(graph, random);
            List<String> rows = versionRows(graph, random);
            SchemaModel db = new SchemaModel();
            for (int i = applied.nextSetBit(0); i >= 0; i = applied.nextSetBit(i + 1)) {
                graph.at(i).file().operations().forEach(op -> Simulator.apply(db, op, v -> {
                    throw new AssertionError(v);
                }));
            }
            String context = "seed " + seed + " history " + h + ": " + describe(files) + " applied "
                    + graph.ids(applied) + " rows " + rows;

            Prescription d = Diagnostician.diagnose(graph,
                    new SchemaSnapshot("public", db, true, rows));

            assertThat(d.diagnosis().verdict()).as(context + "\n" + d.diagnosis().reason()).isIn(Verdict.AUTO_PLAN, Verdict.HEALTHY);
            List<String> present = d.diagnosis().revisions().stream()
                    .filter(r -> r.state().effectPresent())
                    .map(RevisionRow::revision).sorted().toList();
            assertThat(present).as(context).isEqualTo(graph.ids(applied).stream().sorted().toList());
            replay(graph, db, applied, rows, d.steps(), context);
        }
    }

    /** Executes the plan's Alembic steps independently of the engine's proof. */
    private static void replay(RevisionGraph graph, SchemaModel db, BitSet applied, List<String> rows,
                               List<Step> steps, String context) throws AlembicRefusal {
        AlembicModel alembic = new AlembicModel(graph);
        BitSet ran = (BitSet) applied.clone();
        List<String> current = rows.stream().sorted().toList();
        for (Step step : steps) {
            if (step instanceof Step.AlembicStamp s) {
                current = alembic.stamp(current, s.revisions(), s.purge());
            } else if (step instanceof Step.AlembicUpgrade u) {
                AlembicModel.Upgrade upgrade = alembic.upgrade(current, u.target());
                for (int r : upgrade.runs()) {
                    assertThat(ran.get(r)).as(context + ": " + graph.at(r).id() + " runs twice").isFalse();
                    ran.set(r);
                    graph.at(r).file().operations().forEach(op -> Simulator.apply(db, op, v -> {
                        throw new AssertionError(context + ": " + v);
                    }));
                }
                current = upgrade.rows();
            }
        }
        assertThat(ran.cardinality()).as(context).isEqualTo(graph.size());
        assertThat(current).as(context).isEqualTo(graph.heads());
        SchemaModel head = new SchemaModel();
        graph.order().forEach(r -> r.file().operations().forEach(op -> Simulator.apply(head, op, v -> { })));
        assertThat(SchemaComparison.differences(head, db, head.tableNames())).as(context).isEmpty();
    }

    /** A DAG of 3..14 revisions with branch points and merges, ending in a single head. */
    private static List<MigrationFile> history(SplittableRandom random) {
        List<List<String>> shape = Histories.randomShape(random, 3 + random.nextInt(12), 3);
        List<MigrationFile> files = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            String id = "r" + i;
            List<String> down = shape.get(i);
            List<Operation> ops = new ArrayList<>();
            ops.add(new Operation.CreateTable("t" + i, List.of(new ColumnDef("id", "integer", false, true, false, false, null)),
                    List.of(), null, List.of(), List.of(), 1));
            if (!down.isEmpty() && random.nextBoolean()) {
                // also touch the table of one of its parents: revisions interact through shared tables
                String parentTable = "t" + down.get(0).substring(1);
                ops.add(new Operation.AddColumn(parentTable, new ColumnDef("c" + i, "text", true, false, false, false, null), 1));
            }
            files.add(new MigrationFile(Path.of(id + ".py"), id, down, List.of(), List.of(), "", ops));
        }
        return files;
    }

    /** An ancestor-closed part, plus a few revisions that ran out of order (their own parent tables exist). */
    private static BitSet appliedSet(RevisionGraph graph, SplittableRandom random) {
        BitSet applied = new BitSet();
        int k = random.nextInt(graph.size() + 1);
        for (int i = 0; i < k; i++) {
            applied.set(i);
        }
        for (int i = k; i < graph.size(); i++) {
            if (random.nextInt(4) == 0 && touchesOnlyPresentTables(graph, i, applied)) {
                applied.set(i);
            }
        }
        return applied;
    }

    private static boolean touchesOnlyPresentTables(RevisionGraph graph, int revision, BitSet applied) {
        for (Operation op : graph.at(revision).file().operations()) {
            if (op instanceof Operation.AddColumn a) {
                int owner = graph.get("r" + a.table().substring(1)).index();
                if (!applied.get(owner)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What the version table says: often right, sometimes behind, ahead, empty or redundant. */
    private static List<String> versionRows(RevisionGraph graph, SplittableRandom random) {
        int k = random.nextInt(graph.size() + 1);
        BitSet closed = new BitSet();
        for (int i = 0; i < k; i++) {
            closed.set(i);
        }
        List<String> rows = new ArrayList<>(graph.headsOf(closed));
        if (!rows.isEmpty() && random.nextInt(6) == 0) {
            rows.add(graph.at(0).id()); // a redundant ancestor row
        }
        return rows.stream().distinct().toList();
    }

    private static String describe(List<MigrationFile> files) {
        StringBuilder s = new StringBuilder();
        for (MigrationFile f : files) {
            s.append(f.revision()).append("<-").append(f.downRevisions()).append(' ');
        }
        return s.toString();
    }

}
