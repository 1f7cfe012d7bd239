package io.medic.doctor.schema;

import io.medic.doctor.schema.SchemaModel.Column;
import io.medic.doctor.schema.SchemaModel.ForeignKey;
import io.medic.doctor.schema.SchemaModel.Index;
import io.medic.doctor.schema.SchemaModel.Key;
import io.medic.doctor.schema.SchemaModel.Table;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a {@link SchemaSnapshot} through the Vert.x reactive PostgreSQL client. Read-only by
 * construction: the session starts with {@code default_transaction_read_only=on} and everything is read
 * in one {@code REPEATABLE READ READ ONLY} transaction, so the snapshot is consistent and nothing can
 * be written even by mistake. Everything is read in one round trip; the schema name is quoted as a
 * literal and as an identifier, never pasted raw. A foreign key to a table of another schema names it
 * {@code schema.table}, as a migration writes it, so it is never taken for a same-named table of this one.
 */
public final class SnapshotReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum""";

    private static final String CONSTRAINTS = """
            SELECT c.relname, con.conname, con.contype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   CASE WHEN fc.relnamespace = c.relnamespace THEN fc.relname::text
                        ELSE fn.nspname::text || '.' || fc.relname::text END,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   con.confdeltype::text
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid
            LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c')
            ORDER BY c.relname, con.conname""";

    private static final String INDEXES = """
            SELECT t.relname, i.relname, ix.indisunique,
                   ARRAY(SELECT CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END
                         FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                         WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                              WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                                AND con.contype IN ('p', 'u', 'x'))
            ORDER BY t.relname, i.relname""";

    /** Names the catalog holds beside tables and indexes: other relations, and types that are not row types. */
    private static final String OTHER_NAMES = """
            SELECT 'relation', c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('S', 'v', 'm', 'f', 'c')
            UNION ALL
            SELECT 'type', t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r', 'm')""";

    private static final String VERSION_TABLE = """
            SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = 'alembic_version' AND c.relkind IN ('r', 'p')""";

    private SnapshotReader() {
    }

    /** @throws SnapshotException when the database cannot be reached or read; its message has no secret */
    public static SchemaSnapshot read(DatabaseTarget target, String schema) throws SnapshotException {
        return withConnection(target, connection -> read(connection, schema));
    }

    /**
     * The same read through a long-lived {@code vertx} the caller owns (a service's), which stays open: a
     * service diagnosing all day does not start and stop an event loop per diagnosis.
     *
     * @throws SnapshotException when the database cannot be reached or read; its message has no secret
     */
    public static SchemaSnapshot read(Vertx vertx, DatabaseTarget target, String schema) throws SnapshotException {
        return redacted(target, () -> onConnection(vertx, target, connection -> read(connection, schema)));
    }

    /** True when a session opened the way {@link #read} opens one refuses to write (checked by trying). */
    static boolean sessionIsReadOnly(DatabaseTarget target) throws SnapshotException {
        return withConnection(target, connection -> {
            try {
                await(connection.query("CREATE TEMP TABLE medic_write_probe (x int)").execute(), "write");
                return false;
            } catch (SnapshotException refused) {
                return refused.getMessage().contains("read-only transaction");
            }
        });
    }

    private interface Session<T> {
        T run(PgConnection connection) throws SnapshotException;
    }

    private static <T> T withConnection(DatabaseTarget target, Session<T> session) throws SnapshotException {
        // A one-shot read: the JDK resolver starts faster than Netty's DNS client, and Vert.x needs no
        // file cache, classpath file resolving or native transport for one connection.
        System.setProperty("vertx.disableDnsResolver", "true");
        System.setProperty("vertx.disableFileCPResolving", "true");
        System.setProperty("vertx.disableFileCaching", "true");
        System.setProperty("io.netty.transport.noNative", "true");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        try {
            return redacted(target, () -> onConnection(vertx, target, session));
        } finally {
            awaitQuietly(vertx.close());
        }
    }

    private static <T> T onConnection(Vertx vertx, DatabaseTarget target, Session<T> session) throws SnapshotException {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(target.host()).setPort(target.port()).setDatabase(target.database())
                .setUser(target.user()).setConnectTimeout((int) TIMEOUT.toMillis())
                .addProperty("application_name", "medic-diagnose")
                .addProperty("default_transaction_read_only", "on")
                .addProperty("standard_conforming_strings", "on");
        if (target.password() != null) {
            options.setPassword(target.password());
        }
        PgConnection connection = await(PgConnection.connect(vertx, options), "connect to " + target.redacted());
        try {
            return session.run(connection);
        } finally {
            awaitQuietly(connection.close());
        }
    }

    private interface Read<T> {
        T run() throws SnapshotException;
    }

    /** Belt and braces: no driver message may ever carry the password out. */
    private static <T> T redacted(DatabaseTarget target, Read<T> read) throws SnapshotException {
        try {
            return read.run();
        } catch (SnapshotException e) {
            if (target.password() != null && !target.password().isEmpty()
                    && e.getMessage().contains(target.password())) {
                throw new SnapshotException(e.getMessage().replace(target.password(), "***"), null);
            }
            throw e;
        }
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // closing after a complete read: nothing left to lose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the snapshot on a connection the caller opened and keeps (the executor reads it on the session
     * that holds its lock). The connection must not be inside a transaction: the read opens and commits its
     * own {@code REPEATABLE READ READ ONLY} one, so nothing is written even on a session that could write.
     */
    public static SchemaSnapshot read(PgConnection connection, String schema) throws SnapshotException {
        // One round trip on the simple-query protocol: the transaction and all catalog queries together.
        // The schema name travels as a quoted literal (standard_conforming_strings is on for the session).
        String literal = quoteLiteral(schema);
        String batch = "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                + COLUMNS.replace("$1", literal) + ";\n"
                + CONSTRAINTS.replace("$1", literal) + ";\n"
                + INDEXES.replace("$1", literal) + ";\n"
                + OTHER_NAMES.replace("$1", literal) + ";\n"
                + VERSION_TABLE.replace("$1", literal);
        RowSet<Row> begin = await(connection.query(batch).execute(), "read the catalog");
        RowSet<Row> columns = begin.next();
        RowSet<Row> constraints = columns.next();
        RowSet<Row> indexes = constraints.next();
        RowSet<Row> otherNames = indexes.next();
        boolean versionTable = otherNames.next().size() > 0;
        List<String> rows = new ArrayList<>();
        String versions = versionTable
                ? "SELECT version_num FROM " + quoteIdentifier(schema) + ".alembic_version;\n" : "";
        RowSet<Row> last = await(connection.query(versions + "COMMIT").execute(), "read alembic_version");
        if (versionTable) {
            for (Row row : last) {
                rows.add(row.getString(0));
            }
        }

        SchemaModel model = new SchemaModel();
        int versionWidth = SchemaSnapshot.ALEMBIC_VERSION_WIDTH;
        for (Row row : columns) {
            String table = row.getString(0);
            if (table.equals("alembic_version")) {
                if (row.getString(1).equals("version_num")) {
                    versionWidth = characters(row.getString(2));
                }
                continue;
            }
            Table t = model.tables.computeIfAbsent(table, Table::new);
            t.columns.put(row.getString(1), new Column(row.getString(1), row.getString(2), !row.getBoolean(3)));
        }
        for (Row row : constraints) {
            Table t = model.tables.get(row.getString(0));
            if (t == null) {
                continue;
            }
            String name = row.getString(1);
            List<String> cols = Arrays.asList(row.getArrayOfStrings(3));
            switch (row.getString(2)) {
                case "p" -> t.primaryKey = new Key(name, null, cols);
                case "u" -> t.uniques.add(new Key(name, null, cols));
                case "f" -> t.foreignKeys.add(new ForeignKey(name, null, cols, row.getString(4),
                        Arrays.asList(row.getArrayOfStrings(5)), OnDelete.ofCatalog(row.getString(6))));
                default -> t.checks.add(name);
            }
        }
        for (Row row : indexes) {
            Table t = model.tables.get(row.getString(0));
            if (t != null) {
                t.indexes.add(new Index(row.getString(1), null, Arrays.asList(row.getArrayOfStrings(3)),
                        row.getBoolean(2)));
            }
        }
        for (Row row : otherNames) {
            (row.getString(0).equals("type") ? model.types : model.otherRelations).add(row.getString(1));
        }
        return new SchemaSnapshot(schema, model, versionTable, rows, versionWidth);
    }

    /** How many characters a column of this type ({@code format_type}'s words) holds. */
    static int characters(String type) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^character(?: varying)?\\((\\d+)\\)$").matcher(type);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        // text, varchar without a length; any other type Alembic could not write a revision id into anyway
        return SchemaSnapshot.UNLIMITED;
    }

    /** A string literal for standard_conforming_strings=on: quotes doubled, nothing else special. */
    static String quoteLiteral(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a schema name cannot contain NUL");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static <T> T await(Future<T> future, String what) throws SnapshotException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SnapshotException("cannot " + what + ": " + oneLine(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new SnapshotException("cannot " + what + ": no answer within " + TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while trying to " + what, e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "(no detail)" : message.replaceAll("\\s+", " ").trim();
    }
}
