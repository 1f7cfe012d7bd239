package io.medic.executor.client;

import io.medic.doctor.schema.DatabaseTarget;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.SnapshotException;
import io.medic.doctor.schema.SnapshotReader;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.ScratchDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One PostgreSQL session through the Vert.x reactive client, used from a plan's own thread (every call waits
 * for its answer). It holds the plan's advisory lock and runs the executor's few statements: each is a
 * constant text with bound parameters; the only names written into SQL are the schema (quoted as an
 * identifier) and the executor's own scratch database names (hex digits, checked).
 */
public final class PgSession implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String VERSION_TABLE_EXISTS = """
            SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = 'alembic_version' AND c.relkind IN ('r', 'p')""";

    private final PgConnection connection;
    private final DatabaseUrl url;
    private volatile boolean closed;

    private PgSession(PgConnection connection, DatabaseUrl url) {
        this.connection = connection;
        this.url = url;
        connection.closeHandler(v -> closed = true);
    }

    static PgSession connect(Vertx vertx, DatabaseUrl url, String applicationName) {
        DatabaseTarget target = url.target();
        PgConnectOptions options = new PgConnectOptions()
                .setHost(target.host()).setPort(target.port()).setDatabase(target.database()).setUser(target.user())
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .addProperty("application_name", applicationName)
                .addProperty("standard_conforming_strings", "on");
        if (target.password() != null) {
            options.setPassword(target.password());
        }
        PgConnection connection = await(PgConnection.connect(vertx, options), "connect to " + url.redacted(), url, TIMEOUT);
        return new PgSession(connection, url);
    }

    public DatabaseUrl url() {
        return url;
    }

    /** False once the server or the network closed the session (its advisory lock is then gone too). */
    public boolean alive() {
        return !closed;
    }

    /** The engine's own snapshot, read in one read-only transaction on this session. */
    public SchemaSnapshot snapshot(String schema) {
        try {
            return SnapshotReader.read(connection, schema);
        } catch (SnapshotException e) {
            throw new DatabaseException(scrub(e.getMessage()), sqlState(e.getCause()), null);
        }
    }

    public boolean schemaExists(String schema) {
        return rows(connection.preparedQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1").execute(Tuple.of(schema)),
                "look up schema").size() > 0;
    }

    /** The rows of {@code alembic_version}, sorted; empty when the table does not exist. */
    public Optional<List<String>> versionRows(String schema) {
        if (rows(connection.preparedQuery(VERSION_TABLE_EXISTS).execute(Tuple.of(schema)), "look up alembic_version").size() == 0) {
            return Optional.empty();
        }
        return Optional.of(strings(rows(connection.query("SELECT version_num FROM " + identifier(schema)
                + ".alembic_version ORDER BY version_num").execute(), "read alembic_version")));
    }

    /**
     * Takes the session-level advisory lock, waiting at most {@code wait} for another session to release it.
     *
     * @throws DatabaseException with {@link DatabaseException#lockTimeout()} when the wait ran out
     */
    public void lock(long key, Duration wait) {
        // lock_timeout bounds the wait on the advisory lock like on any other lock; the number is ours
        rows(connection.query("SET lock_timeout = " + Math.max(1, wait.toMillis())).execute(), "set lock_timeout");
        try {
            await(connection.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(key)), "take the plan's lock",
                    url, wait.plus(TIMEOUT));
        } finally {
            if (alive()) {
                rows(connection.query("SET lock_timeout = 0").execute(), "reset lock_timeout");
            }
        }
    }

    public void unlock(long key) {
        rows(connection.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(key)), "release the plan's lock");
    }

    /** What a stamp found under the version table's lock, and what it left. */
    public record Stamped(boolean applied, List<String> before, List<String> after) {
    }

    /**
     * Rewrites {@code alembic_version} to exactly {@code result}, in one transaction: the table locked against
     * every other writer (Alembic, a person with psql), its rows re-read and compared with {@code expect}
     * (anything else: rolled back, nothing changed), then deleted and the new rows inserted as bound
     * parameters, and read back. When the table does not exist and nothing is expected, it is created as
     * Alembic creates it.
     */
    public Stamped stamp(String schema, List<String> expect, List<String> result) {
        String table = identifier(schema) + ".alembic_version";
        Transaction tx = await(connection.begin(), "begin the stamp", url, TIMEOUT);
        try {
            boolean exists = rows(connection.preparedQuery(VERSION_TABLE_EXISTS).execute(Tuple.of(schema)),
                    "look up alembic_version").size() > 0;
            List<String> before;
            if (exists) {
                rows(connection.query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute(), "lock alembic_version");
                before = strings(rows(connection.query("SELECT version_num FROM " + table + " ORDER BY version_num").execute(),
                        "read alembic_version"));
            } else {
                before = List.of();
            }
            if (!before.equals(sorted(expect))) {
                await(tx.rollback(), "roll back the stamp", url, TIMEOUT);
                return new Stamped(false, before, before);
            }
            if (!exists) {
                rows(connection.query("CREATE TABLE " + table + " (version_num VARCHAR(32) NOT NULL, "
                        + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))").execute(), "create alembic_version");
            }
            rows(connection.query("DELETE FROM " + table).execute(), "clear alembic_version");
            insert(table, result);
            List<String> after = strings(rows(connection.query("SELECT version_num FROM " + table + " ORDER BY version_num")
                    .execute(), "read alembic_version back"));
            if (!after.equals(sorted(result))) {
                await(tx.rollback(), "roll back the stamp", url, TIMEOUT);
                throw new DatabaseException("alembic_version read back as " + after + " after writing " + result
                        + "; rolled back", null, null);
            }
            await(tx.commit(), "commit the stamp", url, TIMEOUT);
            return new Stamped(true, before, after);
        } catch (RuntimeException e) {
            if (alive()) {
                try {
                    await(tx.rollback(), "roll back the stamp", url, TIMEOUT);
                } catch (RuntimeException ignored) {
                    // the transaction is already gone (failed commit); nothing was committed
                }
            }
            throw e;
        }
    }

    /** Inserts version rows into an existing, empty table (the rehearsal's copy). */
    public void insertVersionRows(String schema, List<String> rows) {
        insert(identifier(schema) + ".alembic_version", rows);
    }

    private void insert(String table, List<String> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Tuple> batch = rows.stream().map(Tuple::of).toList();
        rows(connection.preparedQuery("INSERT INTO " + table + " (version_num) VALUES ($1)").executeBatch(batch),
                "write alembic_version");
    }

    /**
     * Creates one of the executor's scratch databases (needs CREATEDB). From template0, so nothing a DBA put
     * into template1 makes the copy differ from the live database.
     */
    public void createScratchDatabase(String name) {
        requireScratch(name);
        rows(connection.query("CREATE DATABASE " + name + " TEMPLATE template0").execute(), "create database " + name);
    }

    public void dropScratchDatabase(String name) {
        requireScratch(name);
        rows(connection.query("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").execute(), "drop database " + name);
    }

    private static void requireScratch(String name) {
        if (!ScratchDatabase.isScratchName(name)) {
            throw new IllegalArgumentException("not one of the executor's scratch databases: " + name);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            try {
                connection.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the server drops the session (and its lock) with the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed = true;
        }
    }

    /** A quoted identifier: double quotes doubled, so any schema name is one name and never SQL. */
    static String identifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a name cannot contain NUL");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private RowSet<Row> rows(Future<RowSet<Row>> future, String what) {
        return await(future, what, url, TIMEOUT);
    }

    private static List<String> strings(RowSet<Row> rows) {
        List<String> values = new ArrayList<>();
        for (Row row : rows) {
            values.add(row.getString(0));
        }
        return values;
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    private String scrub(String message) {
        String text = message == null ? "(no detail)" : message;
        for (String secret : url.secrets()) {
            text = text.replace(secret, "***");
        }
        return text;
    }

    private static <T> T await(Future<T> future, String what, DatabaseUrl url, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = "cannot " + what + ": " + oneLine(cause.getMessage());
            for (String secret : url.secrets()) {
                message = message.replace(secret, "***");
            }
            throw new DatabaseException(message, sqlState(cause), cause instanceof PgException ? null : cause);
        } catch (TimeoutException e) {
            throw new DatabaseException("cannot " + what + ": no answer within " + timeout.toSeconds() + "s", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while trying to " + what, null, null);
        }
    }

    private static String sqlState(Throwable cause) {
        return cause instanceof PgException pg ? pg.getSqlState() : null;
    }

    private static String oneLine(String message) {
        return message == null ? "(no detail)" : message.replaceAll("\\s+", " ").trim();
    }
}
