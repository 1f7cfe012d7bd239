package io.medic.events;

/**
 * Which database a plan is about: the Secret key holding its URL (a reference, never the URL) and the
 * schema that holds the tables and {@code alembic_version}.
 */
public record DatabaseRef(SecretKeyRef secret, String schema) {
    public DatabaseRef {
        Require.present(secret, "database.secret");
        schema = schema == null || schema.isBlank() ? "public" : schema;
    }
}
