package io.medic.executor.client;

/** A database call failed; the message is one line and holds no secret. */
public class DatabaseException extends RuntimeException {

    private final String sqlState;

    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** PostgreSQL's SQLSTATE, or null when the call never got an answer (connection refused, timeout). */
    public String sqlState() {
        return sqlState;
    }

    /** The role may not create databases (rehearsal needs CREATEDB). */
    public boolean insufficientPrivilege() {
        return "42501".equals(sqlState);
    }

    /** Another session holds the lock longer than the session's lock_timeout. */
    public boolean lockTimeout() {
        return "55P03".equals(sqlState);
    }
}
