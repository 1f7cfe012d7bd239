package io.medic.doctor.schema;

import io.medic.events.schema.ColumnShape;
import io.medic.events.schema.ForeignKeyShape;
import io.medic.events.schema.IndexShape;
import io.medic.events.schema.KeyShape;
import io.medic.events.schema.SchemaShape;
import io.medic.events.schema.TableShape;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable schema for simulation: what migrations build up, or what the catalog shows. A null name on
 * an index or constraint means the migration left naming to the database (or to a naming convention
 * Medic cannot see); {@code guessedName} then holds PostgreSQL's default name, used to resolve a later
 * drop by name.
 */
public final class SchemaModel {

    final Map<String, Table> tables = new LinkedHashMap<>();
    /**
     * What the live catalog holds beside tables and indexes, which no migration Medic reads makes: names of other
     * relations (views, sequences, materialized views, foreign tables, composite types) and of types (enums,
     * domains, composites, ranges). Creating a table or index of such a name, or the type of such a name, fails.
     */
    final java.util.Set<String> otherRelations = new java.util.TreeSet<>();
    final java.util.Set<String> types = new java.util.TreeSet<>();

    public static final class Table {
        String name;
        final Map<String, Column> columns = new LinkedHashMap<>();
        Key primaryKey;
        final List<Index> indexes = new ArrayList<>();
        final List<Key> uniques = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        /** Check constraint names: kept so a drop by name resolves, not compared. */
        final java.util.Set<String> checks = new java.util.LinkedHashSet<>();

        Table(String name) {
            this.name = name;
        }

        Table copy() {
            Table t = new Table(name);
            columns.forEach((k, v) -> t.columns.put(k, new Column(v.name, v.type, v.nullable)));
            t.primaryKey = primaryKey == null ? null : primaryKey.copy();
            indexes.forEach(i -> t.indexes.add(i.copy()));
            uniques.forEach(u -> t.uniques.add(u.copy()));
            foreignKeys.forEach(f -> t.foreignKeys.add(f.copy()));
            t.checks.addAll(checks);
            return t;
        }
    }

    /** An index or a constraint: named by the migration, or null when the database chose the name. */
    sealed interface Named permits Key, Index, ForeignKey {
        String name();
    }

    static final class Column {
        String name;
        String type;
        boolean nullable;

        Column(String name, String type, boolean nullable) {
            this.name = name;
            this.type = type;
            this.nullable = nullable;
        }
    }

    static final class Key implements Named {
        String name;
        String guessedName;
        List<String> columns;

        @Override
        public String name() {
            return name;
        }

        Key(String name, String guessedName, List<String> columns) {
            this.name = name;
            this.guessedName = guessedName;
            this.columns = new ArrayList<>(columns);
        }

        Key copy() {
            return new Key(name, guessedName, columns);
        }

        boolean answersTo(String wanted) {
            return wanted != null && (wanted.equals(name) || (name == null && wanted.equals(guessedName)));
        }
    }

    static final class Index implements Named {
        String name;
        String guessedName;
        List<String> columns;
        boolean unique;

        @Override
        public String name() {
            return name;
        }

        Index(String name, String guessedName, List<String> columns, boolean unique) {
            this.name = name;
            this.guessedName = guessedName;
            this.columns = new ArrayList<>(columns);
            this.unique = unique;
        }

        Index copy() {
            return new Index(name, guessedName, columns, unique);
        }

        boolean answersTo(String wanted) {
            return wanted != null && (wanted.equals(name) || (name == null && wanted.equals(guessedName)));
        }
    }

    static final class ForeignKey implements Named {
        String name;
        String guessedName;
        List<String> columns;
        String referredTable;
        List<String> referredColumns;
        /** What deleting a referred row does ({@code CASCADE}, {@code SET NULL}, ... {@code NO ACTION}); null when not known. */
        String onDelete;

        @Override
        public String name() {
            return name;
        }

        ForeignKey(String name, String guessedName, List<String> columns, String referredTable,
                   List<String> referredColumns) {
            this(name, guessedName, columns, referredTable, referredColumns, null);
        }

        ForeignKey(String name, String guessedName, List<String> columns, String referredTable,
                   List<String> referredColumns, String onDelete) {
            this.name = name;
            this.guessedName = guessedName;
            this.columns = new ArrayList<>(columns);
            this.referredTable = referredTable;
            this.referredColumns = new ArrayList<>(referredColumns);
            this.onDelete = onDelete;
        }

        ForeignKey copy() {
            return new ForeignKey(name, guessedName, columns, referredTable, referredColumns, onDelete);
        }

        boolean answersTo(String wanted) {
            return wanted != null && (wanted.equals(name) || (name == null && wanted.equals(guessedName)));
        }
    }

    public SchemaModel copy() {
        SchemaModel m = new SchemaModel();
        tables.forEach((k, v) -> m.tables.put(k, v.copy()));
        m.otherRelations.addAll(otherRelations);
        m.types.addAll(types);
        return m;
    }

    /** A copy holding only the named tables (those present). */
    public SchemaModel restrictedTo(Collection<String> names) {
        SchemaModel m = new SchemaModel();
        for (String n : names) {
            Table t = tables.get(n);
            if (t != null) {
                m.tables.put(n, t.copy());
            }
        }
        return m;
    }

    public boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    /**
     * Whether a table or an index has this name: PostgreSQL keeps both in one namespace per schema
     * (pg_class), so creating either fails with "relation ... already exists" when the other holds it.
     */
    public boolean hasRelation(String name) {
        return hasTable(name) || hasIndex(name) || otherRelations.contains(name) || isKeyIndexName(name);
    }

    /** A primary key or unique constraint has an index of its name. (A plain loop: the proof asks this per operation.) */
    private boolean isKeyIndexName(String name) {
        for (Table t : tables.values()) {
            if (t.primaryKey != null && name.equals(t.primaryKey.name)) {
                return true;
            }
            for (Key u : t.uniques) {
                if (name.equals(u.name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the table has a constraint of this name (primary key, unique, foreign key or check): PostgreSQL
     * refuses a second one on the same table ("constraint ... for relation ... already exists").
     */
    boolean hasConstraint(Table t, String name) {
        return t.primaryKey != null && name.equals(t.primaryKey.name) || t.uniques.stream().anyMatch(u -> name.equals(u.name))
                || t.foreignKeys.stream().anyMatch(f -> name.equals(f.name)) || t.checks.contains(name);
    }

    /** Whether a type of this name exists that is not a table's own row type. */
    public boolean hasType(String name) {
        return types.contains(name);
    }

    public Set<String> tableNames() {
        return tables.keySet();
    }

    public boolean hasColumn(String table, String column) {
        Table t = tables.get(table);
        return t != null && t.columns.containsKey(column);
    }

    /** Index names are schema-wide in PostgreSQL; a set of them is kept while indexes are only added. */
    private java.util.Set<String> indexNames;

    public boolean hasIndex(String name) {
        if (indexNames == null) {
            indexNames = new java.util.HashSet<>();
            tables.values().forEach(t -> t.indexes.forEach(this::remember));
        }
        return indexNames.contains(name);
    }

    void indexAdded(Index index) {
        if (indexNames != null) {
            remember(index);
        }
    }

    /** After any removal the set is rebuilt on next use (removals are rare next to additions). */
    void indexesRemoved() {
        indexNames = null;
    }

    private void remember(Index index) {
        if (index.name != null) {
            indexNames.add(index.name);
        } else if (index.guessedName != null) {
            indexNames.add(index.guessedName);
        }
    }

    /** The immutable shape, as it travels on the wire and is fingerprinted. */
    public SchemaShape toShape() {
        List<TableShape> shapes = new ArrayList<>();
        for (Table t : tables.values()) {
            shapes.add(new TableShape(t.name,
                    t.columns.values().stream().map(c -> new ColumnShape(c.name, c.type, c.nullable)).toList(),
                    t.primaryKey == null ? null : new KeyShape(t.primaryKey.name, t.primaryKey.columns),
                    t.indexes.stream().map(i -> new IndexShape(i.name, nonNull(i.columns), i.unique)).toList(),
                    t.uniques.stream().map(u -> new KeyShape(u.name, u.columns)).toList(),
                    t.foreignKeys.stream().map(f -> new ForeignKeyShape(f.name, f.columns, f.referredTable,
                            f.referredColumns, f.onDelete)).toList()));
        }
        return new SchemaShape(shapes);
    }

    /** Expression columns (null) are shown as "(expression)". */
    private static List<String> nonNull(List<String> columns) {
        return columns.stream().map(c -> c == null ? "(expression)" : c).toList();
    }

    /** Builds a model from a shape (a snapshot, or a post-condition read back from the wire). */
    public static SchemaModel of(SchemaShape shape) {
        SchemaModel m = new SchemaModel();
        for (TableShape ts : shape.tables()) {
            Table t = new Table(ts.name());
            ts.columns().forEach(c -> t.columns.put(c.name(), new Column(c.name(), c.type(), c.nullable())));
            if (ts.primaryKey() != null) {
                t.primaryKey = new Key(ts.primaryKey().name(), null, ts.primaryKey().columns());
            }
            ts.indexes().forEach(i -> t.indexes.add(new Index(i.name(), null,
                    i.columns().stream().map(c -> c.equals("(expression)") ? null : c).toList(), i.unique())));
            ts.uniques().forEach(u -> t.uniques.add(new Key(u.name(), null, u.columns())));
            ts.foreignKeys().forEach(f -> t.foreignKeys.add(new ForeignKey(f.name(), null, f.columns(),
                    f.referredTable(), f.referredColumns(), f.onDelete())));
            m.tables.put(t.name, t);
        }
        return m;
    }
}
