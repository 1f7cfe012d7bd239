package io.medic.doctor.schema;

import java.util.List;

/**
 * The live database as read, once, in one read-only transaction: its schema (every table but
 * {@code alembic_version}) and the rows of {@code alembic_version}, which is a SET of rows (one per head
 * of the applied set) and may be absent or empty. The schema fingerprint, the plan's precondition, is
 * computed on first use (a caller may compute it on another thread while it reconciles).
 */
public final class SchemaSnapshot {

    private final String schema;
    private final SchemaModel model;
    private final boolean versionTableExists;
    private final List<String> versionRows;
    private final List<String> duplicatedRows;
    private final int nullRows;
    private final int versionColumnWidth;
    private volatile String fingerprint;

    /** {@code alembic_version.version_num} as Alembic creates it: {@code VARCHAR(32)}. */
    public static final int ALEMBIC_VERSION_WIDTH = 32;
    /** A version column without a length limit ({@code text}, {@code varchar} without a length). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * @param versionTableExists false when there is no {@code alembic_version} table at all
     * @param tableRows          the table's rows as stored; a table altered by hand (no primary key, a
     *                           nullable column) may hold NULLs and duplicates
     */
    public SchemaSnapshot(String schema, SchemaModel model, boolean versionTableExists, List<String> tableRows) {
        this(schema, model, versionTableExists, tableRows, ALEMBIC_VERSION_WIDTH);
    }

    /**
     * @param versionColumnWidth the characters {@code version_num} holds ({@link #UNLIMITED} for none); for a
     *                           missing table, Alembic's {@link #ALEMBIC_VERSION_WIDTH}, as it will create it
     */
    public SchemaSnapshot(String schema, SchemaModel model, boolean versionTableExists, List<String> tableRows,
                          int versionColumnWidth) {
        this.versionColumnWidth = versionColumnWidth;
        this.schema = schema;
        this.model = model;
        this.versionTableExists = versionTableExists;
        java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
        int nulls = 0;
        for (String row : tableRows) {
            if (row == null) {
                nulls++;
            } else {
                counts.merge(row, 1, Integer::sum);
            }
        }
        this.versionRows = List.copyOf(counts.keySet());
        this.duplicatedRows = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey)
                .toList();
        this.nullRows = nulls;
    }

    public String schema() {
        return schema;
    }

    public SchemaModel model() {
        return model;
    }

    public boolean versionTableExists() {
        return versionTableExists;
    }

    /**
     * The version table as Alembic reads it (its current heads): each distinct non-NULL row once, sorted.
     * Alembic 1.8 ignores NULL rows (never reads, updates or deletes them) and reads a duplicated row as
     * one head.
     */
    public List<String> versionRows() {
        return versionRows;
    }

    /**
     * Rows stored more than once. Alembic reads them as one, but the next stamp or upgrade that moves such
     * a row fails: "Online migration expected to match one row when updating 'X' to 'Y' in
     * 'alembic_version'; 2 found". Only {@code stamp --purge} (delete all, then insert) rewrites it.
     */
    public List<String> duplicatedRows() {
        return duplicatedRows;
    }

    /**
     * How many characters a version row can hold. A revision id longer than that cannot be stamped or upgraded
     * to: PostgreSQL refuses the write ("value too long for type character varying(32)") after the revision's
     * DDL ran, so a plan that needs it is never proposed.
     */
    public int versionColumnWidth() {
        return versionColumnWidth;
    }

    /** Rows holding NULL, which Alembic never reads and never removes (save by {@code stamp --purge}). */
    public int nullRows() {
        return nullRows;
    }

    /** SHA-256 of the schema's canonical form. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            synchronized (this) {
                if (fingerprint == null) {
                    fingerprint = model.toShape().fingerprint();
                }
                f = fingerprint;
            }
        }
        return f;
    }
}
