package io.medic.doctor.testing;

/**
 * A named object in the public schema that a scenario says is there or not: a table, a column
 * ({@code table.column}), an index or a constraint.
 */
public record SchemaObject(Kind kind, String name) {

    public enum Kind { TABLE, COLUMN, INDEX, CONSTRAINT }

    public static SchemaObject table(String name) {
        return new SchemaObject(Kind.TABLE, name);
    }

    /** {@code column("players.custom_notes")} */
    public static SchemaObject column(String tableDotColumn) {
        if (tableDotColumn.indexOf('.') < 1) {
            throw new IllegalArgumentException("a column is table.column: " + tableDotColumn);
        }
        return new SchemaObject(Kind.COLUMN, tableDotColumn);
    }

    public static SchemaObject index(String name) {
        return new SchemaObject(Kind.INDEX, name);
    }

    public static SchemaObject constraint(String name) {
        return new SchemaObject(Kind.CONSTRAINT, name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + name;
    }
}
