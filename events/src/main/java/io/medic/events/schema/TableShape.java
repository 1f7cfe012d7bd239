package io.medic.events.schema;

import io.medic.events.Require;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A table as Medic compares it: columns, primary key, indexes, unique and foreign-key constraints. */
public record TableShape(String name, List<ColumnShape> columns, KeyShape primaryKey, List<IndexShape> indexes,
                         List<KeyShape> uniques, List<ForeignKeyShape> foreignKeys) {
    public TableShape {
        Require.text(name, "table.name");
        columns = sorted(columns, Comparator.comparing(ColumnShape::name));
        indexes = sorted(indexes, Comparator.comparing(IndexShape::canonical));
        uniques = sorted(uniques, Comparator.comparing(k -> k.canonical("unique")));
        foreignKeys = sorted(foreignKeys, Comparator.comparing(ForeignKeyShape::canonical));
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

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return Require.list(items).stream().sorted(order).toList();
    }
}
