package io.medic.executor.domain;

import io.medic.events.Digests;

/**
 * The PostgreSQL advisory lock key of one database's Alembic state. PostgreSQL scopes advisory locks to the
 * database a session is connected to, so the key names the database and schema explicitly only to stay
 * distinct from other applications' keys: every executor replica derives the same key for the same database.
 */
public final class LockKey {

    private LockKey() {
    }

    public static long of(String database, String schema) {
        String hex = Digests.sha256Hex("medic-executor/" + database + "/" + schema);
        return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }
}
