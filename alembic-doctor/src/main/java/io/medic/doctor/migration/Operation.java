package io.medic.doctor.migration;

import java.util.List;

/**
 * One call in a revision's {@code upgrade()}, as read from the source (never executed). Calls on
 * {@code batch_op} inside {@code with op.batch_alter_table(T) as batch_op:} become the same
 * operations on table T. {@code line} is the 1-based source line of the call.
 */
public sealed interface Operation {

    int line();

    /** {@code op.create_table(name, sa.Column(...)..., sa.PrimaryKeyConstraint(...), sa.ForeignKeyConstraint(...), sa.UniqueConstraint(...))} */
    record CreateTable(String table, List<ColumnDef> columns, List<String> primaryKey, String primaryKeyName,
                       List<UniqueDef> uniques, List<ForeignKeyDef> foreignKeys, int line) implements Operation {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniques = List.copyOf(uniques);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    record DropTable(String table, int line) implements Operation {
    }

    record RenameTable(String table, String newName, int line) implements Operation {
    }

    record AddColumn(String table, ColumnDef column, int line) implements Operation {
    }

    record DropColumn(String table, String column, int line) implements Operation {
    }

    /**
     * {@code op.alter_column(table, column, nullable=..., type_=..., new_column_name=...)}; a null
     * field means "not changed". {@code type} is the mapped PostgreSQL type; {@code typeUnknown} is
     * true when a {@code type_} was given that cannot be mapped.
     */
    record AlterColumn(String table, String column, Boolean nullable, String type, boolean typeUnknown,
                       String newName, int line) implements Operation {
    }

    /** {@code columns} holds null for an expression the reader cannot name. */
    record CreateIndex(String name, String table, List<String> columns, boolean unique, int line) implements Operation {
        public CreateIndex {
            columns = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(columns));
        }
    }

    /** {@code table} may be null (op.drop_index("ix") without table_name). */
    record DropIndex(String name, String table, int line) implements Operation {
    }

    record CreateUniqueConstraint(String name, String table, List<String> columns, int line) implements Operation {
        public CreateUniqueConstraint {
            columns = List.copyOf(columns);
        }
    }

    record CreateForeignKey(String name, String table, String referredTable, List<String> columns,
                            List<String> referredColumns, int line) implements Operation {
        public CreateForeignKey {
            columns = List.copyOf(columns);
            referredColumns = List.copyOf(referredColumns);
        }
    }

    record CreatePrimaryKey(String name, String table, List<String> columns, int line) implements Operation {
        public CreatePrimaryKey {
            columns = List.copyOf(columns);
        }
    }

    /** {@code type} is Alembic's {@code type_}: foreignkey, unique, primary, check, or null when not given. */
    record DropConstraint(String name, String table, String type, int line) implements Operation {
    }

    /**
     * {@code op.execute(...)}, {@code op.bulk_insert(...)} and other data work: opaque, its effect
     * cannot be seen in the schema. {@code summary} is a short, single-line excerpt of the source.
     */
    record Execute(String summary, int line) implements Operation {
    }

    /**
     * A call the reader does not understand (an unknown {@code op.} method, a helper function, an
     * operation inside {@code if}/{@code for}/{@code try}): it makes the revision partly unverifiable.
     */
    record Unknown(String description, int line) implements Operation {
    }

    record UniqueDef(String name, List<String> columns) {
        public UniqueDef {
            columns = List.copyOf(columns);
        }
    }

    record ForeignKeyDef(String name, List<String> columns, String referredTable, List<String> referredColumns) {
        public ForeignKeyDef {
            columns = List.copyOf(columns);
            referredColumns = List.copyOf(referredColumns);
        }
    }
}
