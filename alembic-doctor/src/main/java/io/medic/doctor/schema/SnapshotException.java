package io.medic.doctor.schema;

/** The database could not be reached or read. The message is one line and never holds a password. */
public final class SnapshotException extends Exception {
    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
