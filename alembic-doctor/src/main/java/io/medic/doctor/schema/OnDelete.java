package io.medic.doctor.schema;

import io.medic.doctor.migration.Operation;

import java.util.Locale;

/**
 * A foreign key's ON DELETE rule, as PostgreSQL names it: part of the compared shape, because a revision may change
 * only that (dropping a foreign key and creating it again with {@code ondelete="CASCADE"}), and skipping such a
 * revision must show (issue 22). Null in the model means not known, and matches any rule.
 */
public final class OnDelete {

    /** PostgreSQL's rule when none is declared. */
    public static final String DEFAULT = io.medic.events.schema.ForeignKeyShape.NO_ACTION;
    private OnDelete() {
    }

    /** The rule a migration declared ({@code ondelete="cascade"}), null for none declared: PostgreSQL's name for it. */
    static String declared(String ondelete) {
        if (ondelete == null) {
            return DEFAULT;
        }
        if (ondelete.equals(Operation.ON_DELETE_UNREADABLE)) {
            return null;
        }
        return ondelete.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** {@code pg_constraint.confdeltype}. */
    static String ofCatalog(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "a" -> DEFAULT;
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> null;
        };
    }
}
