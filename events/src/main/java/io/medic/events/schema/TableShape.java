package io.medic.events.schema;

import io.medic.events.Require;

import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;
import java.util.List;

/** A table as Medic compares it: columns, primary key, indexes, unique and foreign-key constraints. */
public record TableShape(String name, List<ColumnShape> columns, KeyShape primaryKey, List<IndexShape> indexes,
                         List<KeyShape> uniques, List<ForeignKeyShape> foreignKeys) {
    public TableShape {
        Require.text(name, "table.name");
        columns = sorted(columns, ColumnShape::name);
        indexes = sorted(indexes, IndexShape::canonical);
        uniques = sorted(uniques, k -> k.canonical("unique"));
        foreignKeys = sorted(foreignKeys, ForeignKeyShape::canonical);
    }

    public ColumnShape column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElse(null);
    }

    /** Canonical lines, sorted, one per fact: the basis of fingerprints and readable diffs. */
    public List<String> canonicalLines() {
        List<String> lines = new ArrayList<>();
        lines.add("table " + name);
        columns.forEach(c -> lines.add("  column " + c.canonical()));
        if (primaryKey != null) {
            lines.add("  " + primaryKey.canonical("primary key"));
        }
        indexes.forEach(i -> lines.add("  " + i.canonical()));
        uniques.forEach(u -> lines.add("  " + u.canonical("unique")));
        foreignKeys.forEach(f -> lines.add("  " + f.canonical()));
        return lines;
    }

    /** Sorted by a text key computed once per item (comparators that rebuild the key per comparison were the cost). */
    private static <T> List<T> sorted(List<T> items, Function<T, String> key) {
        List<T> copy = Require.list(items);
        if (copy.size() < 2) {
            return copy;
        }
        List<Map.Entry<String, T>> keyed = new ArrayList<>(copy.size());
        for (T item : copy) {
            keyed.add(Map.entry(key.apply(item), item));
        }
        keyed.sort(Map.Entry.comparingByKey());
        List<T> result = new ArrayList<>(keyed.size());
        for (Map.Entry<String, T> e : keyed) {
            result.add(e.getValue());
        }
        return List.copyOf(result);
    }
}
