package io.medic.doctor.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the database is: parsed from {@code postgresql://USER:PASS@HOST:PORT/DB} (also {@code postgres://}
 * and SQLAlchemy's {@code postgresql+psycopg2://}). The password is kept for connecting and never shown:
 * {@link #toString()} and {@link #redacted()} leave it out.
 */
public final class DatabaseTarget {

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    private DatabaseTarget(String host, int port, String database, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** @throws IllegalArgumentException with a reason that never contains the password */
    public static DatabaseTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no database URL given");
        }
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw new IllegalArgumentException("the database URL must look like postgresql://USER:PASS@HOST:PORT/DB");
        }
        String scheme = url.substring(0, colon);
        String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        if (!dialect.equals("postgresql") && !dialect.equals("postgres")) {
            throw new IllegalArgumentException("only PostgreSQL databases are supported, not '" + dialect + "'");
        }
        URI uri;
        try {
            uri = new URI("postgresql" + url.substring(colon));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL is not a valid URL (at index " + e.getIndex() + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the database URL names no host");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isBlank()) {
            throw new IllegalArgumentException("the database URL names no database");
        }
        String user = "postgres";
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int sep = userInfo.indexOf(':');
            user = decode(sep < 0 ? userInfo : userInfo.substring(0, sep));
            password = sep < 0 ? null : decode(userInfo.substring(sep + 1));
        }
        return new DatabaseTarget(host, port, decode(path), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /**
     * For opening a connection only (the engine's snapshot, the executor's sessions): never print, log or
     * publish it. Null when the URL names none.
     */
    public String password() {
        return password;
    }

    public String redacted() {
        return "postgresql://" + user + (password == null ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseTarget t && host.equals(t.host) && port == t.port && database.equals(t.database)
                && user.equals(t.user) && Objects.equals(password, t.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user);
    }
}
