package io.medic.doctor.migration;

import java.nio.file.Path;

/**
 * The one error the migration reader reports: a file that is not a readable Alembic revision
 * (a Python syntax error, no {@code revision} assignment, a non-literal revision id), with file and line.
 */
public final class MigrationParseException extends Exception {

    private final Path file;
    private final int line;
    private final String reason;

    public MigrationParseException(Path file, int line, String reason) {
        super((file == null ? "<input>" : file.toString()) + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** 1-based; 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
