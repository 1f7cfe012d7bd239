package io.medic.doctor.migration;

/**
 * A column as a migration declares it ({@code sa.Column(...)} in create_table, or add_column).
 *
 * @param type       PostgreSQL's name for the type as {@code format_type} prints it
 *                   ({@code character varying(50)}, {@code integer}, {@code timestamp with time zone}),
 *                   or null when the SQLAlchemy type cannot be mapped (it then matches any type)
 * @param nullable   the declared nullability; null when not declared (SQLAlchemy's default: nullable
 *                   unless primary key)
 * @param primaryKey {@code primary_key=True}
 * @param unique     {@code unique=True} (an unnamed unique constraint)
 * @param index      {@code index=True} (an index named {@code ix_<table>_<column>})
 * @param foreignKey {@code sa.ForeignKey("teams.id")} inside the column, or null
 * @param createsType the enum type {@code op.create_table} creates for this column ({@code sa.Enum(..., name="x")},
 *                    not {@code create_type=False}), or null; Alembic creates it without checking that it exists
 */
public record ColumnDef(String name, String type, Boolean nullable, boolean primaryKey, boolean unique, boolean index,
                        ForeignKeyTarget foreignKey, String createsType) {

    /** The name as PostgreSQL stores it ({@link Identifiers}). */
    public ColumnDef {
        name = Identifiers.stored(name);
        createsType = createsType == null ? null : Identifiers.stored(createsType);
    }

    /** A column whose type creates nothing. */
    public ColumnDef(String name, String type, Boolean nullable, boolean primaryKey, boolean unique, boolean index,
                     ForeignKeyTarget foreignKey) {
        this(name, type, nullable, primaryKey, unique, index, foreignKey, null);
    }

    /** Effective nullability in PostgreSQL. */
    public boolean effectiveNullable() {
        return nullable != null ? nullable : !primaryKey;
    }

    /** {@code sa.ForeignKey("table.column", ondelete=...)}; onDelete null when not declared ({@code "?"} when unreadable) */
    public record ForeignKeyTarget(String table, String column, String onDelete) {
        public ForeignKeyTarget {
            table = Identifiers.stored(table);
            column = Identifiers.stored(column);
        }

        /** Without {@code ondelete=}. */
        public ForeignKeyTarget(String table, String column) {
            this(table, column, null);
        }
    }
}
