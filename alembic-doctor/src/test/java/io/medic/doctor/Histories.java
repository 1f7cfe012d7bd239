package io.medic.doctor;

import io.medic.doctor.graph.GraphException;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Small revision histories built in code, for testing the engine without files or a database. */
final class Histories {

    private Histories() {
    }

    static MigrationFile rev(String id, List<String> down, Operation... ops) {
        return new MigrationFile(Path.of(id + ".py"), id, down, List.of(), List.of(), "", Arrays.asList(ops));
    }

    static MigrationFile rev(String id, String down, Operation... ops) {
        return rev(id, down == null ? List.of() : List.of(down), ops);
    }

    static ColumnDef col(String name, String type) {
        return new ColumnDef(name, type, null, false, false, false, null);
    }

    static ColumnDef pk(String name) {
        return new ColumnDef(name, "integer", false, true, false, false, null);
    }

    static ColumnDef fk(String name, String table) {
        return new ColumnDef(name, "integer", true, false, false, false, new ColumnDef.ForeignKeyTarget(table, "id"));
    }

    static Operation.CreateTable table(String name, ColumnDef... columns) {
        return new Operation.CreateTable(name, Arrays.asList(columns), List.of(), null, List.of(), List.of(), 1);
    }

    static Operation.AddColumn add(String table, ColumnDef column) {
        return new Operation.AddColumn(table, column, 1);
    }

    static Operation.Execute data(String what) {
        return new Operation.Execute(what, 1);
    }

    /** The incident's history; branched: 019 and 020 both follow 018, 021 follows 019, 022 merges. */
    static List<MigrationFile> basketball(boolean branched) {
        List<MigrationFile> files = new ArrayList<>();
        files.add(rev("001", (String) null, table("teams", pk("id"), col("name", "character varying(100)"))));
        files.add(rev("002", "001", table("players", pk("id"), col("name", "text"), fk("team_id", "teams"),
                col("jersey", "integer"))));
        files.add(rev("003", "002", table("orders", pk("id"), fk("player_id", "players"), col("jersey", "integer"))));
        files.add(rev("018", "003", table("groupme_groups", pk("id")), table("outbox", pk("id"), col("body", "text"))));
        files.add(rev("019", "018", table("player_teams", fk("player_id", "players"), fk("team_id", "teams"))));
        files.add(rev("020", branched ? "018" : "019", add("players", col("custom_notes", "text"))));
        files.add(rev("021", branched ? "019" : "020", table("oauth_tokens", pk("id"), col("token", "text"))));
        files.add(branched ? rev("022", List.of("020", "021")) : rev("022", "021"));
        files.add(rev("023", "022", data("UPDATE players SET jersey = orders.jersey FROM orders")));
        files.add(rev("024", "023", add("players", new ColumnDef("is_public", "boolean", false, false, false, false, null))));
        return files;
    }

    static RevisionGraph graph(List<MigrationFile> files) {
        try {
            return RevisionGraph.of(files);
        } catch (GraphException e) {
            throw new AssertionError(e);
        }
    }

    /** The schema after applying these revisions' operations in order, with these version rows. */
    static SchemaSnapshot snapshot(List<MigrationFile> files, List<String> applied, List<String> rows) {
        SchemaModel model = new SchemaModel();
        for (MigrationFile f : files) {
            if (applied.contains(f.revision())) {
                f.operations().forEach(op -> Simulator.apply(model, op, v -> {
                    throw new AssertionError(v);
                }));
            }
        }
        return new SchemaSnapshot("public", model, true, rows);
    }

    /**
     * The shape of a random revision graph r0..r(n-1): each one's down revisions, with branch points and
     * merges (a parent is an open head, or one time in {@code anyParentOneIn} any earlier revision), never a
     * merge naming a revision together with its ancestor (Alembic's bookkeeping is unreliable there). When
     * several heads are left, one more entry merges them, so the graph ends in a single head.
     */
    static List<List<String>> randomShape(SplittableRandom random, int n, int anyParentOneIn) {
        List<List<String>> shape = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Map<String, Set<String>> ancestors = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> down = new ArrayList<>();
            if (i > 0) {
                int parents = open.size() > 1 && random.nextInt(4) == 0 ? 2 : 1;
                for (int p = 0; p < parents; p++) {
                    String parent = random.nextInt(anyParentOneIn) == 0 ? "r" + random.nextInt(i) : open.get(random.nextInt(open.size()));
                    if (!down.contains(parent) && down.stream().noneMatch(d -> ancestors.get(d).contains(parent)
                            || ancestors.get(parent).contains(d))) {
                        down.add(parent);
                    }
                }
            }
            String id = "r" + i;
            shape.add(down);
            open.removeAll(down);
            open.add(id);
            Set<String> mine = new HashSet<>(down);
            down.forEach(d -> mine.addAll(ancestors.get(d)));
            ancestors.put(id, mine);
        }
        if (open.size() > 1) {
            shape.add(List.copyOf(open));
        }
        return shape;
    }
}
