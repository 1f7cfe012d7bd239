package io.medic.doctor.schema;

import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.SchemaModel.Column;
import io.medic.doctor.schema.SchemaModel.ForeignKey;
import io.medic.doctor.schema.SchemaModel.Index;
import io.medic.doctor.schema.SchemaModel.Key;
import io.medic.doctor.schema.SchemaModel.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Applies migration operations to a {@link SchemaModel} the way PostgreSQL would. Every operation is
 * applied as far as it can be; what PostgreSQL would refuse (a duplicate column, a missing table, an
 * index that does not exist) is reported to {@code violations}. Computing an expected schema ignores
 * them; proving a plan fails on the first.
 */
public final class Simulator {

    private Simulator() {
    }

    public static void apply(SchemaModel model, Operation op, Consumer<String> violations) {
        apply(model, op, violations, true);
    }

    /**
     * @param checkReferences false when the model holds only some tables (one rename lineage), so a
     *                        foreign key to a table outside it is not a violation
     */
    public static void apply(SchemaModel model, Operation op, Consumer<String> violations, boolean checkReferences) {
        switch (op) {
            case Operation.CreateTable o -> createTable(model, o, violations);
            case Operation.DropTable o -> dropTable(model, o.table(), violations);
            case Operation.RenameTable o -> renameTable(model, o.table(), o.newName(), violations);
            case Operation.AddColumn o -> {
                Table t = table(model, o.table(), "add column " + o.column().name(), violations);
                if (t != null) {
                    addColumn(model, t, o.column(), violations);
                }
            }
            case Operation.DropColumn o -> dropColumn(model, o.table(), o.column(), violations);
            case Operation.AlterColumn o -> alterColumn(model, o, violations);
            case Operation.CreateIndex o -> createIndex(model, o, violations);
            case Operation.DropIndex o -> dropIndex(model, o, violations);
            case Operation.CreateUniqueConstraint o -> {
                Table t = table(model, o.table(), "add unique constraint", violations);
                if (t != null) {
                    namedConstraint(model, t, o.name(), true, violations);
                }
                if (t != null && requireColumns(t, o.columns(), violations)) {
                    t.uniques.add(new Key(o.name(), PgNames.unique(t.name, o.columns()), o.columns()));
                }
            }
            case Operation.CreateForeignKey o -> {
                Table t = table(model, o.table(), "add foreign key", violations);
                if (t != null) {
                    namedConstraint(model, t, o.name(), false, violations);
                }
                if (t != null && requireColumns(t, o.columns(), violations)) {
                    if (checkReferences && !model.hasTable(o.referredTable())) {
                        violations.accept("relation \"" + o.referredTable() + "\" does not exist (foreign key from "
                                + o.table() + ")");
                    }
                    t.foreignKeys.add(new ForeignKey(o.name(), PgNames.foreignKey(t.name, o.columns()), o.columns(),
                            o.referredTable(), o.referredColumns(), OnDelete.declared(o.onDelete())));
                }
            }
            case Operation.CreatePrimaryKey o -> {
                Table t = table(model, o.table(), "add primary key", violations);
                if (t != null && t.primaryKey == null) {
                    namedConstraint(model, t, o.name(), true, violations);
                }
                if (t != null && requireColumns(t, o.columns(), violations)) {
                    if (t.primaryKey != null) {
                        violations.accept("multiple primary keys for table \"" + t.name + "\" are not allowed");
                    }
                    t.primaryKey = new Key(o.name(), PgNames.primaryKey(t.name), o.columns());
                    o.columns().forEach(c -> t.columns.get(c).nullable = false);
                }
            }
            case Operation.DropConstraint o -> dropConstraint(model, o, violations);
            // data work and calls Medic cannot read change no schema it can see
            case Operation.Execute o -> { }
            case Operation.Unknown o -> { }
        }
    }

    private static Table table(SchemaModel model, String name, String what, Consumer<String> violations) {
        Table t = model.tables.get(name);
        if (t == null) {
            violations.accept("relation \"" + name + "\" does not exist (" + what + ")");
        }
        return t;
    }

    private static boolean requireColumns(Table t, List<String> columns, Consumer<String> violations) {
        boolean ok = true;
        for (String c : columns) {
            if (c != null && !t.columns.containsKey(c)) {
                violations.accept("column \"" + c + "\" of relation \"" + t.name + "\" does not exist");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * A constraint added by name to an existing table: the name must be free on that table, and a primary key or
     * unique constraint also makes an index of that name, so the name must be free among the schema's relations.
     */
    private static void namedConstraint(SchemaModel model, Table t, String name, boolean makesIndex,
                                        Consumer<String> violations) {
        if (name == null) {
            return;
        }
        if (model.hasConstraint(t, name)) {
            violations.accept("constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
        } else if (makesIndex && model.hasRelation(name)) {
            violations.accept("relation \"" + name + "\" already exists");
        }
    }

    private static void createTable(SchemaModel model, Operation.CreateTable o, Consumer<String> violations) {
        if (model.hasRelation(o.table())) {
            violations.accept("relation \"" + o.table() + "\" already exists");
        } else if (model.hasType(o.table())) {
            // a table is also a row type of its name
            violations.accept("type \"" + o.table() + "\" already exists");
        }
        // The enum types the table's columns declare are created first, unchecked. Only what the live catalog held
        // before is checked (the model keeps no types of its own): one alembic command creates a type once however
        // many tables use it, and a table's row type is the table.
        o.columns().stream().map(ColumnDef::createsType).filter(java.util.Objects::nonNull).distinct()
                .filter(type -> model.hasType(type) || model.hasRelation(type) || type.equals(o.table()))
                .forEach(type -> violations.accept("type \"" + type + "\" already exists"));
        Table t = new Table(o.table());
        model.tables.put(o.table(), t);
        List<String> pk = new ArrayList<>(o.primaryKey());
        for (ColumnDef c : o.columns()) {
            if (c.primaryKey() && !pk.contains(c.name())) {
                pk.add(c.name());
            }
        }
        for (ColumnDef c : o.columns()) {
            addColumn(model, t, c, violations);
        }
        if (!pk.isEmpty()) {
            t.primaryKey = new Key(o.primaryKeyName(), PgNames.primaryKey(t.name), pk);
            pk.forEach(c -> {
                Column col = t.columns.get(c);
                if (col != null) {
                    col.nullable = false;
                }
            });
        }
        for (Operation.UniqueDef u : o.uniques()) {
            t.uniques.add(new Key(u.name(), PgNames.unique(t.name, u.columns()), u.columns()));
        }
        for (Operation.ForeignKeyDef f : o.foreignKeys()) {
            t.foreignKeys.add(new ForeignKey(f.name(), PgNames.foreignKey(t.name, f.columns()), f.columns(),
                    f.referredTable(), f.referredColumns(), OnDelete.declared(f.onDelete())));
        }
    }

    private static void addColumn(SchemaModel model, Table t, ColumnDef c, Consumer<String> violations) {
        if (t.columns.containsKey(c.name())) {
            violations.accept("column \"" + c.name() + "\" of relation \"" + t.name + "\" already exists");
        }
        t.columns.put(c.name(), new Column(c.name(), c.type(), c.effectiveNullable()));
        if (c.index()) {
            Index index = new Index(null, PgNames.columnIndex(t.name, c.name()), List.of(c.name()), c.unique());
            t.indexes.add(index);
            model.indexAdded(index);
        } else if (c.unique()) {
            t.uniques.add(new Key(null, PgNames.unique(t.name, List.of(c.name())), List.of(c.name())));
        }
        if (c.foreignKey() != null) {
            t.foreignKeys.add(new ForeignKey(null, PgNames.foreignKey(t.name, List.of(c.name())), List.of(c.name()),
                    c.foreignKey().table(), List.of(c.foreignKey().column()), OnDelete.declared(c.foreignKey().onDelete())));
        }
    }

    private static void dropTable(SchemaModel model, String name, Consumer<String> violations) {
        model.indexesRemoved();
        if (model.tables.remove(name) == null) {
            violations.accept("table \"" + name + "\" does not exist");
            return;
        }
        for (Table other : model.tables.values()) {
            if (other.foreignKeys.stream().anyMatch(f -> f.referredTable.equals(name))) {
                violations.accept("cannot drop table " + name + " because other objects depend on it (a foreign key of "
                        + other.name + ")");
            }
        }
    }

    private static void renameTable(SchemaModel model, String from, String to, Consumer<String> violations) {
        Table t = model.tables.remove(from);
        if (t == null) {
            violations.accept("relation \"" + from + "\" does not exist (rename to " + to + ")");
            return;
        }
        if (model.hasRelation(to)) {
            violations.accept("relation \"" + to + "\" already exists");
        }
        t.name = to;
        model.tables.put(to, t);
        for (Table other : model.tables.values()) {
            for (ForeignKey f : other.foreignKeys) {
                if (f.referredTable.equals(from)) {
                    f.referredTable = to;
                }
            }
        }
    }

    private static void dropColumn(SchemaModel model, String table, String column, Consumer<String> violations) {
        Table t = table(model, table, "drop column " + column, violations);
        if (t == null) {
            return;
        }
        if (t.columns.remove(column) == null) {
            violations.accept("column \"" + column + "\" of relation \"" + table + "\" does not exist");
            return;
        }
        // PostgreSQL drops the indexes and constraints that use the column along with it.
        if (t.indexes.removeIf(i -> i.columns.contains(column))) {
            model.indexesRemoved();
        }
        t.uniques.removeIf(u -> u.columns.contains(column));
        t.foreignKeys.removeIf(f -> f.columns.contains(column));
        if (t.primaryKey != null && t.primaryKey.columns.contains(column)) {
            t.primaryKey = null;
        }
        for (Table other : model.tables.values()) {
            if (other != t && other.foreignKeys.stream()
                    .anyMatch(f -> f.referredTable.equals(table) && f.referredColumns.contains(column))) {
                violations.accept("cannot drop column " + column + " of table " + table
                        + " because other objects depend on it (a foreign key of " + other.name + ")");
            }
        }
    }

    private static void alterColumn(SchemaModel model, Operation.AlterColumn o, Consumer<String> violations) {
        Table t = table(model, o.table(), "alter column " + o.column(), violations);
        if (t == null) {
            return;
        }
        Column c = t.columns.get(o.column());
        if (c == null) {
            violations.accept("column \"" + o.column() + "\" of relation \"" + o.table() + "\" does not exist");
            return;
        }
        if (o.nullable() != null) {
            c.nullable = o.nullable();
        }
        if (o.type() != null || o.typeUnknown()) {
            c.type = o.type();
        }
        if (o.newName() != null && !o.newName().equals(o.column())) {
            if (t.columns.containsKey(o.newName())) {
                violations.accept("column \"" + o.newName() + "\" of relation \"" + o.table() + "\" already exists");
            }
            renameColumn(model, t, o.column(), o.newName());
        }
    }

    private static void renameColumn(SchemaModel model, Table t, String from, String to) {
        Column c = t.columns.remove(from);
        c.name = to;
        t.columns.put(to, c);
        t.indexes.forEach(i -> i.columns.replaceAll(x -> Objects.equals(x, from) ? to : x));
        t.uniques.forEach(u -> u.columns.replaceAll(x -> x.equals(from) ? to : x));
        t.foreignKeys.forEach(f -> f.columns.replaceAll(x -> x.equals(from) ? to : x));
        if (t.primaryKey != null) {
            t.primaryKey.columns.replaceAll(x -> x.equals(from) ? to : x);
        }
        for (Table other : model.tables.values()) {
            for (ForeignKey f : other.foreignKeys) {
                if (f.referredTable.equals(t.name)) {
                    f.referredColumns.replaceAll(x -> x.equals(from) ? to : x);
                }
            }
        }
    }

    private static void createIndex(SchemaModel model, Operation.CreateIndex o, Consumer<String> violations) {
        Table t = table(model, o.table(), "create index " + o.name(), violations);
        if (t == null) {
            return;
        }
        if (o.name() != null && model.hasRelation(o.name())) {
            violations.accept("relation \"" + o.name() + "\" already exists");
        }
        requireColumns(t, o.columns(), violations);
        Index index = new Index(o.name(), null, o.columns(), o.unique());
        t.indexes.add(index);
        model.indexAdded(index);
    }

    private static void dropIndex(SchemaModel model, Operation.DropIndex o, Consumer<String> violations) {
        for (Table t : model.tables.values()) {
            if (o.table() != null && !o.table().equals(t.name)) {
                continue;
            }
            if (t.indexes.removeIf(i -> i.answersTo(o.name()))) {
                model.indexesRemoved();
                return;
            }
        }
        violations.accept("index \"" + o.name() + "\" does not exist");
    }

    private static void dropConstraint(SchemaModel model, Operation.DropConstraint o, Consumer<String> violations) {
        Table t = table(model, o.table(), "drop constraint " + o.name(), violations);
        if (t == null) {
            return;
        }
        String type = o.type();
        if ((type == null || type.equals("primary")) && t.primaryKey != null && t.primaryKey.answersTo(o.name())) {
            t.primaryKey = null;
            return;
        }
        if ((type == null || type.equals("unique")) && t.uniques.removeIf(u -> u.answersTo(o.name()))) {
            return;
        }
        if ((type == null || type.equals("foreignkey")) && t.foreignKeys.removeIf(f -> f.answersTo(o.name()))) {
            return;
        }
        if ((type == null || type.equals("check")) && t.checks.remove(o.name())) {
            return;
        }
        violations.accept("constraint \"" + o.name() + "\" of relation \"" + o.table() + "\" does not exist");
    }
}
