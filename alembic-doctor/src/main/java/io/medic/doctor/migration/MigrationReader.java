package io.medic.doctor.migration;

import java.nio.file.Path;

/**
 * Reads Alembic revision files as text and never executes them. Contract: for ANY input (valid or
 * random bytes) {@link #read} either returns a {@link MigrationFile} or throws
 * {@link MigrationParseException}; it never throws anything else, never loops forever, and its work
 * is bounded by the input's size.
 */
public final class MigrationReader {

    private MigrationReader() {
    }

    public static MigrationFile read(Path file, String source) throws MigrationParseException {
        throw new MigrationParseException(file, 0, "the migration reader is being written");
    }
}
