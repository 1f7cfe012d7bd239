package io.medic.doctor.schema;

import io.medic.doctor.schema.SchemaModel.Column;
import io.medic.doctor.schema.SchemaModel.ForeignKey;
import io.medic.doctor.schema.SchemaModel.Index;
import io.medic.doctor.schema.SchemaModel.Key;
import io.medic.doctor.schema.SchemaModel.Table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Compares a predicted schema with an actual one over a set of tables. Names the prediction does not
 * know (null) match any name; types it cannot map (null) match any type. The one place that decides
 * whether two schemas are "the same" for Medic: reconciliation, plan proof and post-condition checks all
 * call it.
 */
public final class SchemaComparison {

    private SchemaComparison() {
    }

    public static List<Difference> differences(SchemaModel expected, SchemaModel actual, Collection<String> tables) {
        List<Difference> out = new ArrayList<>();
        for (String name : tables) {
            Table e = expected.tables.get(name);
            Table a = actual.tables.get(name);
            if (e == null && a == null) {
                continue;
            }
            if (a == null) {
                out.add(new Difference(name, name, true, "table " + name + " is absent", weight(e)));
            } else if (e == null) {
                out.add(new Difference(name, name, false, "table " + name + " exists", weight(a)));
            } else {
                compareTables(e, a, out);
            }
        }
        return out;
    }

    /** The weighted number of differences: 0 when the schemas match. */
    public static int count(SchemaModel expected, SchemaModel actual, Collection<String> tables) {
        int sum = 0;
        for (Difference d : differences(expected, actual, tables)) {
            sum += d.weight();
        }
        return sum;
    }

    private static int weight(Table t) {
        return 1 + t.columns.size() + (t.primaryKey == null ? 0 : 1) + t.indexes.size() + t.uniques.size()
                + t.foreignKeys.size();
    }

    private static void compareTables(Table e, Table a, List<Difference> out) {
        String t = e.name;
        for (Column ec : e.columns.values()) {
            Column ac = a.columns.get(ec.name);
            String obj = columnObject(t, ec.name);
            if (ac == null) {
                out.add(new Difference(t, obj, true, "column " + obj + " is absent"));
                continue;
            }
            if (ec.type != null && !ec.type.equals(ac.type)) {
                out.add(new Difference(t, obj, true, "column " + obj + " is " + ac.type + ", not " + ec.type));
            }
            if (ec.nullable != ac.nullable) {
                out.add(new Difference(t, obj, true, "column " + obj + " is " + (ac.nullable ? "nullable" : "NOT NULL")
                        + ", not " + (ec.nullable ? "nullable" : "NOT NULL")));
            }
        }
        for (Column ac : a.columns.values()) {
            if (!e.columns.containsKey(ac.name)) {
                out.add(new Difference(t, columnObject(t, ac.name), false, "column " + t + "." + ac.name + " exists"));
            }
        }
        if (!keyMatches(e.primaryKey, a.primaryKey)) {
            out.add(new Difference(t, primaryKeyObject(t), e.primaryKey != null,
                    "primary key of " + t + " is " + describe(a.primaryKey) + ", not " + describe(e.primaryKey)));
        }
        match(e.indexes, a.indexes, SchemaComparison::indexMatches, t, out,
                i -> "index " + label(i.name, i.guessedName) + " on " + t + " (" + cols(i.columns) + ")"
                        + (i.unique ? " unique" : ""),
                i -> indexObject(label(i.name, i.guessedName)));
        match(e.uniques, a.uniques, (x, y) -> keyMatches(x, y), t, out,
                u -> "unique constraint " + label(u.name, u.guessedName) + " on " + t + " (" + cols(u.columns) + ")",
                u -> uniqueObject(t, u.columns));
        match(e.foreignKeys, a.foreignKeys, SchemaComparison::foreignKeyMatches, t, out,
                f -> "foreign key " + label(f.name, f.guessedName) + " " + t + " (" + cols(f.columns) + ") -> "
                        + f.referredTable + " (" + cols(f.referredColumns) + ")"
                        + (f.onDelete == null || f.onDelete.equals(OnDelete.DEFAULT) ? "" : " on delete " + f.onDelete),
                f -> foreignKeyObject(t, f.columns));
    }

    private interface Describer<T> {
        String describe(T item);
    }

    /** Pairs expected and actual items: exact-name matches first, then unnamed ones by structure. */
    private static <T extends SchemaModel.Named> void match(List<T> expected, List<T> actual, BiPredicate<T, T> same, String table,
                                  List<Difference> out, Describer<T> text, Describer<T> object) {
        List<T> unmatched = new ArrayList<>(actual);
        List<T> leftover = new ArrayList<>();
        for (T e : expected) {
            if (!removeFirst(unmatched, a -> same.test(e, a) && Objects.equals(e.name(), a.name()))) {
                leftover.add(e);
            }
        }
        for (T e : leftover) {
            if (!removeFirst(unmatched, a -> same.test(e, a))) {
                out.add(new Difference(table, object.describe(e), true, text.describe(e) + " is absent"));
            }
        }
        for (T a : unmatched) {
            out.add(new Difference(table, object.describe(a), false, text.describe(a) + " exists"));
        }
    }

    private static <T> boolean removeFirst(List<T> items, java.util.function.Predicate<T> test) {
        for (int i = 0; i < items.size(); i++) {
            if (test.test(items.get(i))) {
                items.remove(i);
                return true;
            }
        }
        return false;
    }

    private static boolean namesCompatible(String expected, String actual) {
        return expected == null || actual == null || expected.equals(actual);
    }

    private static boolean keyMatches(Key e, Key a) {
        if (e == null || a == null) {
            return e == a;
        }
        return namesCompatible(e.name, a.name) && e.columns.equals(a.columns);
    }

    private static boolean indexMatches(Index e, Index a) {
        if (!namesCompatible(e.name, a.name) || e.unique != a.unique) {
            return false;
        }
        if (e.columns.contains(null) || a.columns.contains(null)) {
            return e.name != null && e.name.equals(a.name); // expression indexes are matched by name only
        }
        return e.columns.equals(a.columns);
    }

    private static boolean foreignKeyMatches(ForeignKey e, ForeignKey a) {
        return namesCompatible(e.name, a.name) && e.columns.equals(a.columns) && e.referredTable.equals(a.referredTable)
                && e.referredColumns.equals(a.referredColumns)
                && (e.onDelete == null || a.onDelete == null || e.onDelete.equals(a.onDelete));
    }

    private static String describe(Key k) {
        return k == null ? "absent" : "(" + String.join(", ", k.columns) + ")";
    }

    // What a difference is about ({@link Difference#object()}), one spelling each, so that the object an
    // operation makes can be named the same way ({@link Authorship}).

    static String columnObject(String table, String column) {
        return table + "." + column;
    }

    static String primaryKeyObject(String table) {
        return "primary key of " + table;
    }

    static String indexObject(String name) {
        return "index " + name;
    }

    static String uniqueObject(String table, List<String> columns) {
        return "unique " + table + " (" + cols(columns) + ")";
    }

    static String foreignKeyObject(String table, List<String> columns) {
        return "foreign key " + table + " (" + cols(columns) + ")";
    }

    private static String label(String name, String guessed) {
        return name != null ? name : guessed != null ? guessed : "(unnamed)";
    }

    private static String cols(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> c == null ? "(expression)" : c).toList());
    }
}
