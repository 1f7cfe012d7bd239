package io.medic.events.schema;

import io.medic.events.Require;

/**
 * A column: its name, its type as PostgreSQL's {@code format_type} prints it, and nullability.
 * A null type means "not known" (a type Medic cannot map), and matches any type.
 */
public record ColumnShape(String name, String type, boolean nullable) {
    public ColumnShape {
        Require.text(name, "column.name");
    }

    String canonical() {
        return name + " " + (type == null ? "?" : type) + (nullable ? " null" : " not null");
    }
}
