package io.medic.doctor.schema;

import java.util.List;

/**
 * The live database as read, once, in one read-only transaction: its schema (every table but
 * {@code alembic_version}) and the rows of {@code alembic_version}, which is a SET of rows (one per head
 * of the applied set) and may be absent or empty.
 *
 * @param versionTableExists false when there is no {@code alembic_version} table at all
 * @param fingerprint        SHA-256 of the schema's canonical form: the plan's precondition
 */
public record SchemaSnapshot(String schema, SchemaModel model, boolean versionTableExists, List<String> versionRows,
                             String fingerprint) {
    public SchemaSnapshot {
        versionRows = versionRows.stream().sorted().toList();
    }
}
