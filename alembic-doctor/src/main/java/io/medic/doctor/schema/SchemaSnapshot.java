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
    private volatile String fingerprint;

    /** @param versionTableExists false when there is no {@code alembic_version} table at all */
    public SchemaSnapshot(String schema, SchemaModel model, boolean versionTableExists, List<String> versionRows) {
        this.schema = schema;
        this.model = model;
        this.versionTableExists = versionTableExists;
        this.versionRows = versionRows.stream().sorted().toList();
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

    public List<String> versionRows() {
        return versionRows;
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
