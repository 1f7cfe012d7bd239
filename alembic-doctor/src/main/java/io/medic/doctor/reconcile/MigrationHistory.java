package io.medic.doctor.reconcile;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.Simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the engine knows from the migration files alone, before it looks at a database: the
 * graph, the tables' rename lineages, what kind of change each revision is, a summary of each, and
 * head's schema as the migrations describe it. Built once per set of files (while the snapshot is
 * still being read), reusable for any number of databases.
 */
public final class MigrationHistory {

    private final RevisionGraph graph;
    private final TableGroups groups;
    private final List<RevisionKind> kinds;
    private final List<String> summaries;
    private final List<String> fileNames;
    private final SchemaModel headSchema;
    private final List<String> inconsistencies;
    /** Revisions with an operation Medic cannot read, in themselves or in their ancestry. */
    private final BitSet afterUnreadable;

    private MigrationHistory(RevisionGraph graph) {
        this.graph = graph;
        this.groups = new TableGroups(graph, indexTables(graph));
        List<RevisionKind> k = new ArrayList<>(graph.size());
        List<String> s = new ArrayList<>(graph.size());
        List<String> f = new ArrayList<>(graph.size());
        for (Revision r : graph.order()) {
            List<Operation> ops = r.file().operations();
            k.add(ops.isEmpty() ? RevisionKind.EMPTY
                    : groups.groupsOf(r.index()).isEmpty() ? RevisionKind.OPAQUE : RevisionKind.VERIFIABLE);
            s.add(r.file().summary());
            Path file = r.file().file();
            f.add(file == null ? null : String.valueOf(file.getFileName()));
        }
        this.kinds = List.copyOf(k);
        this.summaries = List.copyOf(s);
        this.afterUnreadable = afterUnreadable(graph);
        this.fileNames = java.util.Collections.unmodifiableList(f);
        List<String> problems = new ArrayList<>();
        this.headSchema = replay(problems);
        this.inconsistencies = List.copyOf(problems);
    }

    public static MigrationHistory of(RevisionGraph graph) {
        return new MigrationHistory(graph);
    }

    public RevisionGraph graph() {
        return graph;
    }

    TableGroups groups() {
        return groups;
    }

    public RevisionKind kind(int revision) {
        return kinds.get(revision);
    }

    /** What each revision changes, in a few words. */
    public String summary(int revision) {
        return summaries.get(revision);
    }

    /** The revision's file name, or null for revisions built in code. */
    public String fileName(int revision) {
        return fileNames.get(revision);
    }

    /**
     * Whether an operation Medic cannot read ran before this revision's operations (in it, or in an ancestor). Such
     * an operation may have made anything, so this revision failing in the simulation proves nothing: it may need
     * just what that operation made.
     */
    public boolean followsUnreadable(int revision) {
        return afterUnreadable.get(revision);
    }

    private static BitSet afterUnreadable(RevisionGraph graph) {
        BitSet unreadable = new BitSet(graph.size());
        for (Revision r : graph.order()) {
            if (r.file().operations().stream().anyMatch(op -> op instanceof Operation.Unknown)) {
                unreadable.set(r.index());
            }
        }
        BitSet after = new BitSet(graph.size());
        for (Revision r : graph.order()) {
            BitSet ancestry = graph.ancestorsOf(r.index());
            ancestry.set(r.index());
            if (ancestry.intersects(unreadable)) {
                after.set(r.index());
            }
        }
        return after;
    }

    /** Head's schema (tables of the diagnosed schema only), replayed from empty. Callers must copy it to change it. */
    public SchemaModel headSchema() {
        return headSchema;
    }

    /** Operations that fail when the migrations are replayed from empty: the files disagree with themselves. */
    public List<String> inconsistencies() {
        return inconsistencies;
    }

    /** Every table some migration names. */
    public Set<String> managedTables() {
        return groups.managedTables();
    }

    private SchemaModel replay(List<String> problems) {
        SchemaModel model = new SchemaModel();
        for (Revision r : graph.order()) {
            for (Operation op : r.file().operations()) {
                if (!op.touchesOtherSchema()) {
                    Simulator.apply(model, op, v -> {
                        if (!followsUnreadable(r.index())) {
                            problems.add("revision " + r.id() + " ("
                                    + fileNames.get(r.index()) + ", line " + op.line() + "): " + v);
                        }
                    });
                }
            }
        }
        return model;
    }

    /** Which table each index name belongs to, for drop_index calls that do not say. */
    private static Map<String, String> indexTables(RevisionGraph graph) {
        Map<String, String> tableOf = new HashMap<>();
        Map<String, Set<String>> indexesOf = new HashMap<>();
        for (Revision r : graph.order()) {
            for (Operation op : r.file().operations()) {
                switch (op) {
                    case Operation.CreateIndex o -> {
                        if (o.name() != null) {
                            put(tableOf, indexesOf, o.name(), o.table());
                        }
                    }
                    case Operation.CreateTable o -> {
                        for (ColumnDef c : o.columns()) {
                            if (c.index()) {
                                put(tableOf, indexesOf, "ix_" + o.table() + "_" + c.name(), o.table());
                            }
                        }
                    }
                    case Operation.AddColumn o -> {
                        if (o.column().index()) {
                            put(tableOf, indexesOf, "ix_" + o.table() + "_" + o.column().name(), o.table());
                        }
                    }
                    case Operation.RenameTable o -> {
                        Set<String> moved = indexesOf.remove(o.table());
                        if (moved != null) {
                            moved.forEach(index -> tableOf.put(index, o.newName()));
                            indexesOf.computeIfAbsent(o.newName(), t -> new HashSet<>()).addAll(moved);
                        }
                    }
                    // the others neither create an index nor move one to another table
                    case Operation.DropTable o -> { }
                    case Operation.DropColumn o -> { }
                    case Operation.AlterColumn o -> { }
                    case Operation.DropIndex o -> { }
                    case Operation.CreateUniqueConstraint o -> { }
                    case Operation.CreateForeignKey o -> { }
                    case Operation.CreatePrimaryKey o -> { }
                    case Operation.DropConstraint o -> { }
                    case Operation.Execute o -> { }
                    case Operation.Unknown o -> { }
                }
            }
        }
        return tableOf;
    }

    private static void put(Map<String, String> tableOf, Map<String, Set<String>> indexesOf, String index, String table) {
        String previous = tableOf.put(index, table);
        if (previous != null && indexesOf.containsKey(previous)) {
            indexesOf.get(previous).remove(index);
        }
        indexesOf.computeIfAbsent(table, t -> new HashSet<>()).add(index);
    }
}
