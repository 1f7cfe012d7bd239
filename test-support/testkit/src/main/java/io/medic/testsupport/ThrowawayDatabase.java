package io.medic.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL database of its own for one test class, on the local server (127.0.0.1:5432, or the
 * standard {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}), dropped afterwards.
 * Use as {@code @RegisterExtension static ThrowawayDatabase db = new ThrowawayDatabase("purpose");},
 * or open and close it by hand. Databases left by a killed test JVM are dropped on the next run.
 */
public final class ThrowawayDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final String PREFIX = "medic_t_";
    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile boolean leftoversDropped;

    private final String name;
    private boolean created;

    public ThrowawayDatabase(String purpose) {
        String clean = purpose.toLowerCase().replaceAll("[^a-z0-9]+", "_");
        this.name = PREFIX + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + clean.substring(0, Math.min(24, clean.length()));
    }

    /** Creates the database now (for use outside JUnit's lifecycle). */
    public ThrowawayDatabase open() {
        if (!created) {
            dropLeftovers();
            admin("CREATE DATABASE " + name);
            created = true;
        }
        return this;
    }

    public static String host() {
        return env("PGHOST", "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(env("PGPORT", "5432"));
    }

    public static String user() {
        return env("PGUSER", "postgres");
    }

    public static String password() {
        return System.getenv("PGPASSWORD");
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + name;
    }

    /** A libpq / SQLAlchemy style URL, without the password. */
    public String url() {
        return "postgresql://" + user() + "@" + host() + ":" + port() + "/" + name;
    }

    public Connection connect() throws SQLException {
        return open(jdbcUrl());
    }

    /** Runs statements in order, in one session. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("in " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row of a query, as text. */
    public List<String> column(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("in " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (created) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created = false;
        }
    }

    private static void dropLeftovers() {
        if (leftoversDropped) {
            return;
        }
        leftoversDropped = true;
        List<String> stale = new ArrayList<>();
        try (Connection c = adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'medic\\_t\\_%'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                String[] parts = db.substring(PREFIX.length()).split("_", 2);
                try {
                    if (ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                        stale.add(db);
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
        stale.forEach(db -> admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"));
    }

    private static void admin(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private static Connection adminConnection() throws SQLException {
        return open("jdbc:postgresql://" + host() + ":" + port() + "/postgres");
    }

    /**
     * Through the PostgreSQL driver itself, not DriverManager: DriverManager only hands out drivers loaded by
     * the caller's class loader, and once a Quarkus test in the same JVM loaded the driver in its own class
     * loader, plain tests after it got "No suitable driver".
     */
    private static Connection open(String url) throws SQLException {
        Connection connection = DRIVER.connect(url, credentials());
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + url, "08001");
        }
        return connection;
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", user());
        if (password() != null) {
            p.setProperty("password", password());
        }
        p.setProperty("connectTimeout", "5");
        return p;
    }

    private static IllegalStateException unreachable(SQLException e) {
        if ("08001".equals(e.getSQLState()) || e.getMessage().contains("Connection refused")) {
            return new IllegalStateException("PostgreSQL is not reachable at " + host() + ":" + port() + " as " + user()
                    + " (" + e.getMessage() + "). Start it with: "
                    + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
                    + " (or point PGHOST, PGPORT, PGUSER, PGPASSWORD at a server)", e);
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
