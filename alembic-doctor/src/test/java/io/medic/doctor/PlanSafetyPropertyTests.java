package io.medic.doctor;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.plan.AlembicModel;
import io.medic.doctor.plan.AlembicRefusal;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;
import io.medic.events.Diagnosis;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.events.schema.ColumnShape;
import io.medic.events.schema.TableShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety property, on random revision graphs (branches, merges) that create, rename and alter tables, add and drop
 * columns, indexes and unique constraints, applied in order, out of order, half by hand, or changed by
 * hand: whenever the engine proposes a plan, executing it with Alembic's semantics from the real state
 * runs no operation that fails (nothing runs twice, nothing is skipped that a later step needs) and ends
 * with every object head's schema has; otherwise it says a human must decide. Never a wrong plan.
 * <p>
 * {@code -Dmedic.property.histories=N -Dmedic.property.seed=S} to explore further.
 */
class PlanSafetyPropertyTests {

    private static final int HISTORIES = Integer.getInteger("medic.property.histories", 300);

    @Test
    void aPlanNeverFailsOrStopsShortOfHeadWhateverWasDoneByHand() throws Exception {
        long seed = Long.getLong("medic.property.seed", 20261201L);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        int driftFreePlanned = 0;
        int driftFree = 0;
        for (int h = 0; h < HISTORIES; h++) {
            List<MigrationFile> files = history(random);
            RevisionGraph graph = Histories.graph(files);
            SchemaModel db = new SchemaModel();
            BitSet applied = new BitSet();
            int prefix = random.nextInt(graph.size() + 1);
            for (int i = 0; i < graph.size(); i++) {
                if ((i < prefix || random.nextInt(4) == 0) && appliesCleanly(db, graph.at(i).file().operations())) {
                    graph.at(i).file().operations().forEach(op -> Simulator.apply(db, op, v -> { }));
                    applied.set(i);
                }
            }
            String drift = byHand(graph, applied, db, random);
            List<String> rows = versionRows(graph, random);
            String context = "seed " + seed + " history " + h + ": " + describe(files) + "\n applied "
                    + graph.ids(applied) + ", rows " + rows + ", by hand: " + drift;

            Prescription d = Diagnostician.diagnose(graph, new SchemaSnapshot("public", db.copy(), true, rows));
            verdicts.merge(d.diagnosis().verdict(), 1, Integer::sum);
            assertThat(d.diagnosis().verdict()).as(context + "\n" + d.diagnosis().reason()).isNotEqualTo(Verdict.BAD_INPUT);
            if (drift.isEmpty()) {
                driftFree++;
            }
            if (d.diagnosis().verdict() == Verdict.AUTO_PLAN || d.diagnosis().verdict() == Verdict.HEALTHY) {
                if (drift.isEmpty()) {
                    driftFreePlanned++;
                }
                execute(graph, db, rows, d.steps(), context + "\n plan " + d.alembicCommands());
            }
        }
        // not vacuous: most states a plan can fix get one
        assertThat(verdicts.getOrDefault(Verdict.AUTO_PLAN, 0)).as("verdicts " + verdicts).isGreaterThan(HISTORIES / 5);
        assertThat(driftFreePlanned).as("verdicts " + verdicts).isGreaterThan(driftFree / 2);
    }

    /**
     * Issue 22's silent skip, at random: one revision is a data migration (its effect invisible in the schema),
     * a revision after it was applied by hand, out of order, and the version table is stale (at or before any
     * point). Whatever the engine proposes, executed with Alembic's semantics, must run every revision that had
     * not run: no plan may leave an unapplied revision stamped (that nothing fails is the property above).
     * With {@code beside} the data work sits beside the revision's own schema change, and that schema change was
     * applied by hand too, without the data work (rule 5): the visible part must not make it count as run.
     */
    @ParameterizedTest(name = "data work beside a schema change: {0}")
    @ValueSource(booleans = {false, true})
    void aPlanNeverStampsOverAnUnverifiableRevisionThatDidNotRun(boolean beside) throws Exception {
        long seed = Long.getLong("medic.property.seed", 20261202L);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        int cases = 0;
        for (int h = 0; cases < HISTORIES; h++) {
            List<MigrationFile> files = withDataMigration(random, beside);
            RevisionGraph graph = Histories.graph(files);
            int data = dataMigration(graph);
            List<Integer> later = new ArrayList<>();
            for (int j = data + 1; j < graph.size(); j++) {
                if (graph.isAncestor(data, j)) {
                    later.add(j);
                }
            }
            if (later.isEmpty()) {
                continue;
            }
            cases++;
            // applied in order up to before the data migration, then a later revision by hand (with its ancestors
            // other than the data migration, when they apply), skipping the data migration
            int byHand = later.get(random.nextInt(later.size()));
            SchemaModel db = new SchemaModel();
            BitSet ran = new BitSet();
            BitSet wanted = graph.ancestorsOf(byHand);
            wanted.set(byHand);
            if (!beside) {
                wanted.clear(data);
            }
            for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
                List<Operation> ops = graph.at(i).file().operations();
                if (i == data) {
                    // its DDL by hand, never its data work: it did not run
                    List<Operation> ddl = ops.stream().filter(op -> !(op instanceof Operation.Execute)).toList();
                    if (appliesCleanly(db, ddl)) {
                        ddl.forEach(op -> Simulator.apply(db, op, v -> { }));
                    }
                    continue;
                }
                if ((i < data || random.nextBoolean() || i == byHand) && appliesCleanly(db, ops)) {
                    ops.forEach(op -> Simulator.apply(db, op, v -> { }));
                    ran.set(i);
                }
            }
            // the version table is stale: at some point of the part that ran in order, before the data migration
            int k = random.nextInt(Math.min(ran.nextClearBit(0), data) + 1);
            BitSet stampedPart = new BitSet();
            stampedPart.set(0, k);
            List<String> rows = graph.headsOf(stampedPart);
            String context = "seed " + seed + " history " + h + ": " + describe(files) + "\n ran " + graph.ids(ran)
                    + " (" + graph.at(data).id() + " is the data migration, not run), rows " + rows;

            Prescription d = Diagnostician.diagnose(graph, new SchemaSnapshot("public", db.copy(), true, rows));
            verdicts.merge(d.diagnosis().verdict(), 1, Integer::sum);
            if (d.diagnosis().verdict() == Verdict.AUTO_PLAN || d.diagnosis().verdict() == Verdict.HEALTHY) {
                BitSet runs = runs(graph, rows, d.steps());
                String plan = context + "\n plan " + d.alembicCommands() + " runs " + graph.ids(runs);
                BitSet never = new BitSet();
                never.set(0, graph.size());
                never.andNot(ran);
                never.andNot(runs);
                assertThat(graph.ids(never)).as(plan + ": left stamped but never run").isEmpty();
            }
        }
        // not vacuous: the drift is mostly refused, but plans are made where the data migration is implied
        assertThat(verdicts.getOrDefault(Verdict.NEEDS_HUMAN, 0)).as("verdicts " + verdicts).isGreaterThan(HISTORIES / 3);
    }

    /**
     * A random history with one revision (one that has a later revision, where it can) made a data migration, drawn
     * again until the later revisions still apply cleanly without what that revision used to make; or, with
     * {@code beside}, given data work after its own operations.
     */
    private static List<MigrationFile> withDataMigration(SplittableRandom random, boolean beside) {
        while (true) {
            List<MigrationFile> files = new ArrayList<>(history(random));
            int i = random.nextInt(Math.max(1, files.size() - 1));
            MigrationFile f = files.get(i);
            List<Operation> ops = new ArrayList<>(beside ? f.operations() : List.of());
            ops.add(new Operation.Execute("UPDATE somewhere SET ...", 1));
            files.set(i, new MigrationFile(f.file(), f.revision(), f.downRevisions(), List.of(), List.of(), "", ops));
            SchemaModel head = new SchemaModel();
            boolean[] clean = {true};
            Histories.graph(files).order().forEach(r -> r.file().operations()
                    .forEach(op -> Simulator.apply(head, op, v -> clean[0] = false)));
            if (clean[0]) {
                return files;
            }
        }
    }

    private static int dataMigration(RevisionGraph graph) {
        for (int i = 0; i < graph.size(); i++) {
            if (graph.at(i).file().operations().stream().anyMatch(op -> op instanceof Operation.Execute)) {
                return i;
            }
        }
        throw new IllegalStateException("no data migration");
    }

    /** The revisions the plan's upgrades run, in Alembic's semantics. */
    private static BitSet runs(RevisionGraph graph, List<String> rows, List<Step> steps) throws AlembicRefusal {
        AlembicModel alembic = new AlembicModel(graph);
        List<String> current = rows.stream().sorted().toList();
        BitSet runs = new BitSet();
        for (Step step : steps) {
            if (step instanceof Step.AlembicStamp s) {
                current = alembic.stamp(current, s.revisions(), s.purge());
            } else if (step instanceof Step.AlembicUpgrade u) {
                AlembicModel.Upgrade upgrade = alembic.upgrade(current, u.target());
                upgrade.runs().forEach(runs::set);
                current = upgrade.rows();
            }
        }
        assertThat(current).isEqualTo(graph.heads());
        return runs;
    }

    /** Runs the plan's Alembic steps on the real state: every operation must apply, and head's objects be there. */
    private static void execute(RevisionGraph graph, SchemaModel db, List<String> rows, List<Step> steps, String context)
            throws AlembicRefusal {
        AlembicModel alembic = new AlembicModel(graph);
        List<String> current = rows.stream().sorted().toList();
        for (Step step : steps) {
            if (step instanceof Step.AlembicStamp s) {
                current = alembic.stamp(current, s.revisions(), s.purge());
            } else if (step instanceof Step.AlembicUpgrade u) {
                AlembicModel.Upgrade upgrade = alembic.upgrade(current, u.target());
                for (int r : upgrade.runs()) {
                    String id = graph.at(r).id();
                    graph.at(r).file().operations().forEach(op -> Simulator.apply(db, op, v -> {
                        throw new AssertionError(context + "\n running " + id + " fails: " + v);
                    }));
                }
                current = upgrade.rows();
            }
        }
        assertThat(current).as(context).isEqualTo(graph.heads());
        SchemaModel head = new SchemaModel();
        graph.order().forEach(r -> r.file().operations().forEach(op -> Simulator.apply(head, op, v -> { })));
        List<Difference> missing = SchemaComparison.differences(head, db, head.tableNames()).stream()
                .filter(Difference::missing).toList();
        assertThat(missing).as(context).isEmpty();
    }

    /**
     * Half of one revision that has not run (its first operations), or a change no revision makes, or
     * nothing; returns what was done, empty for nothing.
     */
    private static String byHand(RevisionGraph graph, BitSet applied, SchemaModel db, SplittableRandom random) {
        int choice = random.nextInt(4);
        if (choice == 0) {
            for (int i = 0; i < graph.size(); i++) {
                List<Operation> ops = graph.at(i).file().operations();
                if (!applied.get(i) && ops.size() > 1) {
                    List<Operation> half = ops.subList(0, 1 + random.nextInt(ops.size() - 1));
                    if (appliesCleanly(db, half)) {
                        half.forEach(op -> Simulator.apply(db, op, v -> { }));
                        return "first " + half.size() + " of " + graph.at(i).id() + "'s operations";
                    }
                }
            }
        } else if (choice == 1 && !db.tableNames().isEmpty()) {
            List<String> tables = new ArrayList<>(db.tableNames());
            String table = tables.get(random.nextInt(tables.size()));
            Operation op = random.nextBoolean()
                    ? new Operation.AddColumn(table, new ColumnDef("by_hand", "text", true, false, false, false, null), 1)
                    : new Operation.CreateIndex("ix_by_hand", table, List.of("id"), false, 1);
            if (appliesCleanly(db, List.of(op))) {
                Simulator.apply(db, op, v -> { });
                return op.toString();
            }
        }
        return "";
    }

    private static boolean appliesCleanly(SchemaModel db, List<Operation> ops) {
        SchemaModel trial = db.copy();
        boolean[] clean = {true};
        ops.forEach(op -> Simulator.apply(trial, op, v -> clean[0] = false));
        return clean[0];
    }

    /** What the version table says: the heads of some ancestor-closed part (right, behind or ahead), or nothing. */
    private static List<String> versionRows(RevisionGraph graph, SplittableRandom random) {
        int k = random.nextInt(graph.size() + 1);
        BitSet closed = new BitSet();
        closed.set(0, k);
        return graph.headsOf(closed);
    }

    /**
     * A graph of 3..12 revisions with branch points and merges, ending in one head, of 1..3 operations
     * each, every operation valid where it stands: generated against the schema the revision's ancestors
     * make. A graph whose branches clash when replayed in Alembic's order is drawn again.
     */
    private static List<MigrationFile> history(SplittableRandom random) {
        while (true) {
            List<MigrationFile> files = draw(random);
            SchemaModel head = new SchemaModel();
            boolean[] clean = {true};
            Histories.graph(files).order().forEach(r -> r.file().operations()
                    .forEach(op -> Simulator.apply(head, op, v -> clean[0] = false)));
            if (clean[0]) {
                return files;
            }
        }
    }

    private static List<MigrationFile> draw(SplittableRandom random) {
        List<List<String>> shape = Histories.randomShape(random, 3 + random.nextInt(10), 4);
        List<MigrationFile> files = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            List<String> down = shape.get(i);
            SchemaModel model = ancestorsSchema(files, down);
            List<Operation> ops = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int tries = 0; ops.size() < count && tries < 20; tries++) {
                Operation op = operation(i, ops.size(), model, random);
                if (op != null && appliesCleanly(model, List.of(op))) {
                    Simulator.apply(model, op, v -> { });
                    ops.add(op);
                }
            }
            String id = "r" + i;
            files.add(new MigrationFile(Path.of(id + ".py"), id, down, List.of(), List.of(), "", ops));
        }
        return files;
    }

    /** The schema of {@code down} and all their ancestors, replayed in index order (a topological order here). */
    private static SchemaModel ancestorsSchema(List<MigrationFile> files, List<String> down) {
        BitSet ancestors = new BitSet();
        List<String> todo = new ArrayList<>(down);
        while (!todo.isEmpty()) {
            int i = Integer.parseInt(todo.remove(todo.size() - 1).substring(1));
            if (!ancestors.get(i)) {
                ancestors.set(i);
                todo.addAll(files.get(i).downRevisions());
            }
        }
        SchemaModel model = new SchemaModel();
        for (int i = ancestors.nextSetBit(0); i >= 0; i = ancestors.nextSetBit(i + 1)) {
            files.get(i).operations().forEach(op -> Simulator.apply(model, op, v -> { }));
        }
        return model;
    }

    private static Operation operation(int revision, int k, SchemaModel model, SplittableRandom random) {
        List<TableShape> tables = model.toShape().tables();
        String suffix = revision + "_" + k;
        if (tables.isEmpty() || random.nextInt(5) == 0) {
            return new Operation.CreateTable("t" + suffix, List.of(
                    new ColumnDef("id", "integer", false, true, false, false, null),
                    new ColumnDef("a", "text", true, false, false, false, null)), List.of(), null, List.of(), List.of(), 1);
        }
        TableShape table = tables.get(random.nextInt(tables.size()));
        List<ColumnShape> columns = table.columns().stream().filter(c -> !c.name().equals("id")).toList();
        ColumnShape column = columns.isEmpty() ? null : columns.get(random.nextInt(columns.size()));
        String t = table.name();
        return switch (random.nextInt(7)) {
            case 0 -> new Operation.AddColumn(t, new ColumnDef("c" + suffix, "text", true, false, false, false, null), 1);
            case 1 -> column == null ? null
                    : new Operation.AlterColumn(t, column.name(), !column.nullable(), null, false, null, 1);
            case 2 -> column == null ? null : new Operation.CreateIndex("ix_" + suffix, t, List.of(column.name()), false, 1);
            case 3 -> new Operation.RenameTable(t, "n" + suffix, 1);
            case 4 -> column == null || constrained(table, column.name()) ? null : new Operation.DropColumn(t, column.name(), 1);
            case 5 -> column == null ? null : new Operation.CreateUniqueConstraint("uq_" + suffix, t, List.of(column.name()), 1);
            default -> new Operation.AddColumn(t, new ColumnDef("d" + suffix, "integer", false, false, false, false, null), 1);
        };
    }

    /** Dropping a column drops its indexes and constraints too; keep the generated chains to plain drops. */
    private static boolean constrained(TableShape table, String column) {
        return table.indexes().stream().anyMatch(i -> i.columns().contains(column))
                || table.uniques().stream().anyMatch(u -> u.columns().contains(column));
    }

    private static String describe(List<MigrationFile> files) {
        StringBuilder s = new StringBuilder();
        for (MigrationFile f : files) {
            s.append("\n  ").append(f.revision()).append(": ").append(f.operations());
        }
        return s.toString();
    }

}
