package io.medic.events.schema;

import io.medic.events.Require;

import java.util.List;

/**
 * A foreign key. Name null = not known (matches any name). {@code onDelete} is PostgreSQL's name for its ON DELETE
 * rule ({@code NO ACTION}, {@code CASCADE}, {@code SET NULL}, ...), null = not known (matches any rule): a revision
 * may change only that rule, so precondition fingerprints and post-conditions must see it.
 */
public record ForeignKeyShape(String name, List<String> columns, String referredTable, List<String> referredColumns,
                              String onDelete) {
    /** PostgreSQL's rule when none is declared: not spelled out in canonical lines. */
    public static final String NO_ACTION = "NO ACTION";

    public ForeignKeyShape {
        columns = Require.list(columns);
        Require.text(referredTable, "foreignKey.referredTable");
        referredColumns = Require.list(referredColumns);
    }

    String canonical() {
        return "foreign key " + (name == null ? "?" : name) + " (" + String.join(", ", columns) + ") -> "
                + referredTable + " (" + String.join(", ", referredColumns) + ")"
                + (onDelete == null || onDelete.equals(NO_ACTION) ? "" : " on delete " + onDelete);
    }
}
