package io.medic.doctor.reconcile;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tables partitioned into lineages: names joined by {@code rename_table} belong to one group, because
 * what a table looks like under its new name depends on what was done to it under the old one. Each
 * group keeps its operations in topological order, so the expected state of one group under any set of
 * applied revisions is a replay of a short list, independent of every other group.
 */
final class TableGroups {

    /** An operation of a revision, in graph order. */
    record Step(int revision, Operation operation) {
    }

    private final Map<String, Integer> groupOf = new HashMap<>();
    private final List<Set<String>> names = new ArrayList<>();
    private final List<List<Step>> steps = new ArrayList<>();
    private final List<Set<Integer>> groupsOfRevision = new ArrayList<>();

    TableGroups(RevisionGraph graph, Map<String, String> indexTables) {
        Map<String, String> parent = new HashMap<>();
        for (Revision r : graph.order()) {
            for (Operation op : r.file().operations()) {
                List<String> tables = tables(op, indexTables);
                for (String t : tables) {
                    parent.putIfAbsent(t, t);
                }
                // the tables one operation names are one lineage (rename_table's old and new name)
                for (String t : tables) {
                    union(parent, tables.get(0), t);
                }
            }
        }
        Map<String, TreeSet<String>> members = new HashMap<>();
        parent.keySet().forEach(t -> members.computeIfAbsent(find(parent, t), k -> new TreeSet<>()).add(t));
        members.values().stream().sorted((a, b) -> a.first().compareTo(b.first())).forEach(group -> {
            int id = names.size();
            names.add(group);
            steps.add(new ArrayList<>());
            group.forEach(t -> groupOf.put(t, id));
        });
        for (Revision r : graph.order()) {
            Set<Integer> touched = new LinkedHashSet<>();
            for (Operation op : r.file().operations()) {
                Set<Integer> opGroups = new LinkedHashSet<>();
                for (String t : tables(op, indexTables)) {
                    opGroups.add(groupOf.get(t));
                }
                for (int g : opGroups) {
                    steps.get(g).add(new Step(r.index(), op));
                }
                touched.addAll(opGroups);
            }
            groupsOfRevision.add(touched);
        }
    }

    /**
     * The tables of the diagnosed schema an operation reads or changes. Tables qualified with another
     * schema ({@code schema="audit"} in the migration) are outside what Medic compares.
     */
    static List<String> tables(Operation op, Map<String, String> indexTables) {
        return op.tables(indexTables::get).stream().filter(t -> t.indexOf('.') < 0).toList();
    }

    private static String find(Map<String, String> parent, String t) {
        String root = t;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    int count() {
        return names.size();
    }

    Set<String> names(int group) {
        return names.get(group);
    }

    List<Step> steps(int group) {
        return steps.get(group);
    }

    Set<Integer> groupsOf(int revision) {
        return groupsOfRevision.get(revision);
    }

    Integer groupOf(String table) {
        return groupOf.get(table);
    }

    /** Every table name any migration mentions. */
    Set<String> managedTables() {
        return groupOf.keySet();
    }
}
