package io.medic.events.schema;

import io.medic.events.Require;

import java.util.List;

/** A foreign key. Name null = not known (matches any name). */
public record ForeignKeyShape(String name, List<String> columns, String referredTable, List<String> referredColumns) {
    public ForeignKeyShape {
        columns = Require.list(columns);
        Require.text(referredTable, "foreignKey.referredTable");
        referredColumns = Require.list(referredColumns);
    }

    String canonical() {
        return "foreign key " + (name == null ? "?" : name) + " (" + String.join(", ", columns) + ") -> "
                + referredTable + " (" + String.join(", ", referredColumns) + ")";
    }
}
