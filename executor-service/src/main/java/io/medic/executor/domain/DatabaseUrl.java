package io.medic.executor.domain;

import io.medic.doctor.schema.DatabaseTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * The database URL as read from the plan's Secret: a secret. It is handed only to connections and to the
 * environment of the migration it runs; {@link #toString()} is the redacted form, and {@link #secrets()}
 * names what captured output must never show.
 */
public final class DatabaseUrl {

    private final String raw;
    private final DatabaseTarget target;

    private DatabaseUrl(String raw, DatabaseTarget target) {
        this.raw = raw;
        this.target = target;
    }

    /** @throws IllegalArgumentException with a reason that holds no part of the URL's password */
    public static DatabaseUrl parse(String raw) {
        String trimmed = raw == null ? null : raw.strip();
        return new DatabaseUrl(trimmed, DatabaseTarget.parse(trimmed));
    }

    public DatabaseTarget target() {
        return target;
    }

    /** The URL itself, for the environment of a migration process or a Secret the executor writes. */
    public String reveal() {
        return raw;
    }

    /**
     * The same URL naming another database on the same server (the rehearsal's scratch copy): scheme, user,
     * password, host, port and query kept, only the path replaced.
     */
    public DatabaseUrl withDatabase(String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a database name the executor makes: " + database);
        }
        int scheme = raw.indexOf("://");
        int at = raw.lastIndexOf('@');
        int authorityStart = at > scheme ? at : scheme + 3;
        int slash = raw.indexOf('/', authorityStart);
        if (slash < 0) {
            throw new IllegalArgumentException("the database URL names no database");
        }
        int query = raw.indexOf('?', slash);
        String rewritten = raw.substring(0, slash) + "/" + database + (query < 0 ? "" : raw.substring(query));
        DatabaseUrl scratch = parse(rewritten);
        if (!scratch.target.database().equals(database) || !scratch.target.host().equals(target.host())
                || scratch.target.port() != target.port()) {
            throw new IllegalStateException("cannot point " + this + " at database " + database);
        }
        return scratch;
    }

    /** The strings no output may carry: the password (when there is one) and the URL itself. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        secrets.add(raw);
        String password = target.password();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        return secrets;
    }

    public String redacted() {
        return target.redacted();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
