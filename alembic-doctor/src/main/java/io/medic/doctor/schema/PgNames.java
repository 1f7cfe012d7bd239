package io.medic.doctor.schema;

import java.util.List;

/**
 * The names PostgreSQL (and SQLAlchemy's default naming convention, for {@code index=True}) give to
 * objects a migration did not name. Used only as guesses, to resolve a later drop by name.
 */
final class PgNames {

    private static final int MAX = 63;

    private PgNames() {
    }

    static String primaryKey(String table) {
        return fit(table + "_pkey");
    }

    static String unique(String table, List<String> columns) {
        return fit(table + "_" + String.join("_", columns) + "_key");
    }

    static String foreignKey(String table, List<String> columns) {
        return fit(table + "_" + String.join("_", columns) + "_fkey");
    }

    static String columnIndex(String table, String column) {
        return fit("ix_" + table + "_" + column);
    }

    /** Longer names are truncated by rules Medic does not reproduce: no guess then. */
    private static String fit(String name) {
        return name.length() <= MAX ? name : null;
    }
}
