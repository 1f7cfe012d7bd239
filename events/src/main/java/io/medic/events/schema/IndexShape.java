package io.medic.events.schema;

import io.medic.events.Require;

import java.util.List;

/** An index that backs no constraint. Name null = not known (matches any name). */
public record IndexShape(String name, List<String> columns, boolean unique) {
    public IndexShape {
        columns = Require.list(columns);
    }

    String canonical() {
        return (unique ? "unique index " : "index ") + (name == null ? "?" : name) + " (" + String.join(", ", columns) + ")";
    }
}
