package io.medic.events.schema;

import io.medic.events.Require;

import java.util.List;

/** A primary key or unique constraint over columns. Name null = not known (matches any name). */
public record KeyShape(String name, List<String> columns) {
    public KeyShape {
        columns = Require.list(columns);
    }

    String canonical(String kind) {
        return kind + " " + (name == null ? "?" : name) + " (" + String.join(", ", columns) + ")";
    }
}
