package io.medic.doctor.migration;

import java.util.List;
import java.util.function.Function;

/**
 * One call in a revision's {@code upgrade()}, as read from the source (never executed). Calls on
 * {@code batch_op} inside {@code with op.batch_alter_table(T) as batch_op:} become the same
 * operations on table T. {@code line} is the 1-based source line of the call.
 * <p>
 * What the engine asks of every operation (the tables it names, what it removes, whether it destroys data,
 * how to say it) is answered here, each by an exhaustive {@code switch}: a new operation does not compile
 * until every question has an answer for it.
 */
public sealed interface Operation {

    /** A foreign key's {@code ondelete=} that is not a literal the reader can read (its rule then matches any). */
    String ON_DELETE_UNREADABLE = "?";

    int line();

    /**
     * The tables the call names, as written ({@code schema.table} when it names a schema).
     *
     * @param tableOfIndex the table of an index, for {@code op.drop_index("ix")} without {@code table_name};
     *                     may answer null
     */
    default List<String> tables(Function<String, String> tableOfIndex) {
        return switch (this) {
            case CreateTable o -> List.of(o.table());
            case DropTable o -> List.of(o.table());
            case RenameTable o -> List.of(o.table(), o.newName());
            case AddColumn o -> List.of(o.table());
            case DropColumn o -> List.of(o.table());
            case AlterColumn o -> List.of(o.table());
            case CreateIndex o -> List.of(o.table());
            case DropIndex o -> {
                String table = o.table() != null ? o.table() : tableOfIndex.apply(o.name());
                yield table == null ? List.of() : List.of(table);
            }
            case CreateUniqueConstraint o -> List.of(o.table());
            case CreateForeignKey o -> List.of(o.table());
            case CreatePrimaryKey o -> List.of(o.table());
            case DropConstraint o -> List.of(o.table());
            case Execute o -> List.of();
            case Unknown o -> List.of();
        };
    }

    /** The tables the call names itself (a drop_index without table_name names none). */
    default List<String> tables() {
        return tables(index -> null);
    }

    /** True when the call names a table of another schema ({@code schema="audit"}), which Medic does not compare. */
    default boolean touchesOtherSchema() {
        return tables().stream().anyMatch(t -> t.indexOf('.') >= 0);
    }

    /**
     * True when the call removes or renames something of {@code table} (under that name): an object the
     * database has there and head's schema does not may then be this operation's doing.
     */
    default boolean removesFrom(String table) {
        return switch (this) {
            case DropTable o -> o.table().equals(table);
            case RenameTable o -> o.table().equals(table) || o.newName().equals(table);
            case DropColumn o -> o.table().equals(table);
            case AlterColumn o -> o.table().equals(table) && o.newName() != null;
            case DropIndex o -> table.equals(o.table());
            case DropConstraint o -> o.table().equals(table);
            case CreateTable o -> false;
            case AddColumn o -> false;
            case CreateIndex o -> false;
            case CreateUniqueConstraint o -> false;
            case CreateForeignKey o -> false;
            case CreatePrimaryKey o -> false;
            case Execute o -> false;
            case Unknown o -> false;
        };
    }

    /**
     * True when the call's effect shows in the schema, so that seeing it there says the call ran: false for data work
     * ({@code op.execute}, {@code bulk_insert}) and for a call the reader cannot read.
     */
    default boolean checkableInSchema() {
        return switch (this) {
            case CreateTable o -> true;
            case DropTable o -> true;
            case RenameTable o -> true;
            case AddColumn o -> true;
            case DropColumn o -> true;
            case AlterColumn o -> true;
            case CreateIndex o -> true;
            case DropIndex o -> true;
            case CreateUniqueConstraint o -> true;
            case CreateForeignKey o -> true;
            case CreatePrimaryKey o -> true;
            case DropConstraint o -> true;
            case Execute o -> false;
            case Unknown o -> false;
        };
    }

    /** What running the call again would destroy that may hold data ("drop column t.c"); empty when nothing. */
    default List<String> destroys() {
        return switch (this) {
            case DropTable o -> List.of("drop table " + o.table());
            case DropColumn o -> List.of("drop column " + o.table() + "." + o.column());
            case AlterColumn o -> o.type() != null || o.typeUnknown()
                    ? List.of("change the type of " + o.table() + "." + o.column()) : List.of();
            case CreateTable o -> List.of();
            case RenameTable o -> List.of();
            case AddColumn o -> List.of();
            case CreateIndex o -> List.of();
            case DropIndex o -> List.of();
            case CreateUniqueConstraint o -> List.of();
            case CreateForeignKey o -> List.of();
            case CreatePrimaryKey o -> List.of();
            case DropConstraint o -> List.of();
            case Execute o -> List.of();
            case Unknown o -> List.of();
        };
    }

    /** The call in a few words, for the diagnosis table: "creates" "player_teams", "adds" "players.custom_notes". */
    default Phrase phrase() {
        return switch (this) {
            case CreateTable o -> new Phrase("creates", o.table());
            case DropTable o -> new Phrase("drops", o.table());
            case RenameTable o -> new Phrase("renames", o.table() + " to " + o.newName());
            case AddColumn o -> new Phrase("adds", o.table() + "." + o.column().name());
            case DropColumn o -> new Phrase("drops", o.table() + "." + o.column());
            case AlterColumn o -> new Phrase("alters", o.table() + "." + o.column()
                    + (o.newName() != null ? " (renamed " + o.newName() + ")" : ""));
            case CreateIndex o -> new Phrase("indexes", o.table() + (o.name() == null ? "" : " (" + o.name() + ")"));
            case DropIndex o -> new Phrase("drops index", String.valueOf(o.name()));
            case CreateUniqueConstraint o -> new Phrase("adds unique",
                    o.table() + " (" + String.join(", ", o.columns()) + ")");
            case CreateForeignKey o -> new Phrase("adds foreign key", o.table() + " -> " + o.referredTable());
            case CreatePrimaryKey o -> new Phrase("adds primary key", o.table());
            case DropConstraint o -> new Phrase("drops constraint", String.valueOf(o.name()));
            case Execute o -> new Phrase("data migration", o.sql());
            case Unknown o -> new Phrase("unreadable", o.description());
        };
    }

    /** A verb and what it acts on; a revision's {@link MigrationFile#summary() summary} groups them by verb. */
    record Phrase(String verb, String what) {
    }

    /** {@code op.create_table(name, sa.Column(...)..., sa.PrimaryKeyConstraint(...), sa.ForeignKeyConstraint(...), sa.UniqueConstraint(...))} */
    record CreateTable(String table, List<ColumnDef> columns, List<String> primaryKey, String primaryKeyName,
                       List<UniqueDef> uniques, List<ForeignKeyDef> foreignKeys, int line) implements Operation {
        public CreateTable {
            table = Identifiers.stored(table);
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(Identifiers.stored(primaryKey));
            uniques = List.copyOf(uniques);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    record DropTable(String table, int line) implements Operation {
        public DropTable {
            table = Identifiers.stored(table);
        }
    }

    record RenameTable(String table, String newName, int line) implements Operation {
        public RenameTable {
            table = Identifiers.stored(table);
            newName = Identifiers.stored(newName);
        }
    }

    record AddColumn(String table, ColumnDef column, int line) implements Operation {
        public AddColumn {
            table = Identifiers.stored(table);
        }
    }

    record DropColumn(String table, String column, int line) implements Operation {
        public DropColumn {
            table = Identifiers.stored(table);
            column = Identifiers.stored(column);
        }
    }

    /**
     * {@code op.alter_column(table, column, nullable=..., type_=..., new_column_name=...)}; a null
     * field means "not changed". {@code type} is the mapped PostgreSQL type; {@code typeUnknown} is
     * true when a {@code type_} was given that cannot be mapped.
     */
    record AlterColumn(String table, String column, Boolean nullable, String type, boolean typeUnknown,
                       String newName, int line) implements Operation {
        public AlterColumn {
            table = Identifiers.stored(table);
            column = Identifiers.stored(column);
            newName = Identifiers.stored(newName);
        }
    }

    /** {@code columns} holds null for an expression the reader cannot name. */
    record CreateIndex(String name, String table, List<String> columns, boolean unique, int line) implements Operation {
        public CreateIndex {
            table = Identifiers.stored(table);
            columns = Identifiers.stored(columns);
        }
    }

    /** {@code table} may be null (op.drop_index("ix") without table_name). */
    record DropIndex(String name, String table, int line) implements Operation {
        public DropIndex {
            table = Identifiers.stored(table);
        }
    }

    record CreateUniqueConstraint(String name, String table, List<String> columns, int line) implements Operation {
        public CreateUniqueConstraint {
            table = Identifiers.stored(table);
            columns = List.copyOf(Identifiers.stored(columns));
        }
    }

    /** @param onDelete {@code ondelete=} as declared, null when not declared ({@code "?"} when unreadable) */
    record CreateForeignKey(String name, String table, String referredTable, List<String> columns,
                            List<String> referredColumns, String onDelete, int line) implements Operation {
        public CreateForeignKey {
            table = Identifiers.stored(table);
            referredTable = Identifiers.stored(referredTable);
            columns = List.copyOf(Identifiers.stored(columns));
            referredColumns = List.copyOf(Identifiers.stored(referredColumns));
        }

        /** Without {@code ondelete=}. */
        public CreateForeignKey(String name, String table, String referredTable, List<String> columns,
                                List<String> referredColumns, int line) {
            this(name, table, referredTable, columns, referredColumns, null, line);
        }
    }

    record CreatePrimaryKey(String name, String table, List<String> columns, int line) implements Operation {
        public CreatePrimaryKey {
            table = Identifiers.stored(table);
            columns = List.copyOf(Identifiers.stored(columns));
        }
    }

    /** {@code type} is Alembic's {@code type_}: foreignkey, unique, primary, check, or null when not given. */
    record DropConstraint(String name, String table, String type, int line) implements Operation {
        public DropConstraint {
            table = Identifiers.stored(table);
        }
    }

    /**
     * {@code op.execute(...)}, {@code op.bulk_insert(...)} and other data work: opaque, its effect
     * cannot be seen in the schema. {@code summary} is a short, single-line excerpt of the source.
     */
    record Execute(String summary, int line) implements Operation {

        /** {@code op.execute(sa.text("UPDATE players ..."))} reads better as {@code UPDATE players ...}. */
        public String sql() {
            String s = summary.strip();
            for (String prefix : new String[]{"op.execute(", "sa.text(", "sqlalchemy.text(", "text("}) {
                if (s.startsWith(prefix)) {
                    s = s.substring(prefix.length()).strip();
                }
            }
            s = s.replaceFirst("^[rRbBuU]*(\"\"\"|'''|\"|')", "").replaceFirst("(\"\"\"|'''|\"|')?[)\\s]*$", "");
            return s.replaceAll("\\s+", " ").strip();
        }
    }

    /**
     * A call the reader does not understand (an unknown {@code op.} method, a helper function, an
     * operation inside {@code if}/{@code for}/{@code try}): it makes the revision partly unverifiable.
     */
    record Unknown(String description, int line) implements Operation {
    }

    record UniqueDef(String name, List<String> columns) {
        public UniqueDef {
            columns = List.copyOf(Identifiers.stored(columns));
        }
    }

    /** @param onDelete {@code ondelete=} as declared, null when not declared ({@code "?"} when unreadable) */
    record ForeignKeyDef(String name, List<String> columns, String referredTable, List<String> referredColumns,
                         String onDelete) {
        public ForeignKeyDef {
            referredTable = Identifiers.stored(referredTable);
            columns = List.copyOf(Identifiers.stored(columns));
            referredColumns = List.copyOf(Identifiers.stored(referredColumns));
        }

        /** Without {@code ondelete=}. */
        public ForeignKeyDef(String name, List<String> columns, String referredTable, List<String> referredColumns) {
            this(name, columns, referredTable, referredColumns, null);
        }
    }
}
