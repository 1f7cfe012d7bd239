package io.medic.doctor.schema;

import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.Operation;

import java.util.List;

/**
 * Whether an operation makes, changes or removes the object a {@link Difference} is about. The caller
 * has already matched the table lineage (the operation works on {@code table} under this or an earlier
 * name), so objects are named with the difference's table; index names are global, as in PostgreSQL.
 * Used to tell which of several revisions a leftover difference belongs to: a revision that only renamed
 * a table did not make the index the database lacks.
 */
public final class Authorship {

    private Authorship() {
    }

    public static boolean touches(Operation op, Difference d) {
        String t = d.table();
        String object = d.object();
        if (t == null) {
            return false;
        }
        return switch (op) {
            case Operation.CreateTable o -> makesWithTable(o, t, object);
            case Operation.DropTable o -> object.equals(t);
            case Operation.RenameTable o -> object.equals(t);
            case Operation.AddColumn o -> makesWithColumn(o.table(), t, o.column(), object);
            case Operation.AlterColumn o -> object.equals(SchemaComparison.columnObject(t, o.column()))
                    || (o.newName() != null && object.equals(SchemaComparison.columnObject(t, o.newName())));
            case Operation.DropColumn o -> object.equals(SchemaComparison.columnObject(t, o.column()));
            case Operation.CreateIndex o -> object.equals(SchemaComparison.indexObject(o.name()));
            case Operation.DropIndex o -> object.equals(SchemaComparison.indexObject(o.name()));
            case Operation.CreateUniqueConstraint o -> object.equals(SchemaComparison.uniqueObject(t, o.columns()));
            case Operation.CreateForeignKey o -> object.equals(SchemaComparison.foreignKeyObject(t, o.columns()));
            case Operation.CreatePrimaryKey o -> object.equals(SchemaComparison.primaryKeyObject(t));
            case Operation.DropConstraint o -> {
                // only the name is known: any constraint of the kind it names
                String type = o.type();
                yield ((type == null || type.equals("primary")) && object.equals(SchemaComparison.primaryKeyObject(t)))
                        || ((type == null || type.equals("unique")) && object.startsWith("unique " + t + " ("))
                        || ((type == null || type.equals("foreignkey")) && object.startsWith("foreign key " + t + " ("));
            }
            case Operation.Execute o -> false;
            case Operation.Unknown o -> false;
        };
    }

    /** The table itself, its columns, and the keys and constraints create_table declares with it. */
    private static boolean makesWithTable(Operation.CreateTable o, String t, String object) {
        if (object.equals(t)) {
            return true;
        }
        boolean hasPrimaryKey = !o.primaryKey().isEmpty();
        for (ColumnDef c : o.columns()) {
            hasPrimaryKey |= c.primaryKey();
            if (makesWithColumn(o.table(), t, c, object)) {
                return true;
            }
        }
        if (hasPrimaryKey && object.equals(SchemaComparison.primaryKeyObject(t))) {
            return true;
        }
        for (Operation.UniqueDef u : o.uniques()) {
            if (object.equals(SchemaComparison.uniqueObject(t, u.columns()))) {
                return true;
            }
        }
        for (Operation.ForeignKeyDef f : o.foreignKeys()) {
            if (object.equals(SchemaComparison.foreignKeyObject(t, f.columns()))) {
                return true;
            }
        }
        return false;
    }

    /** The column and what {@code index=True}, {@code unique=True} and {@code sa.ForeignKey} make with it. */
    private static boolean makesWithColumn(String opTable, String t, ColumnDef c, String object) {
        return object.equals(SchemaComparison.columnObject(t, c.name()))
                || (c.index() && object.equals(SchemaComparison.indexObject(PgNames.columnIndex(opTable, c.name()))))
                || (c.unique() && !c.index() && object.equals(SchemaComparison.uniqueObject(t, List.of(c.name()))))
                || (c.foreignKey() != null && object.equals(SchemaComparison.foreignKeyObject(t, List.of(c.name()))));
    }
}
