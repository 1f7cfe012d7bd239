/**
 * Reads Alembic revision files as text, never running them: {@link io.medic.doctor.migration.MigrationDirectory}
 * reads a versions directory, {@link io.medic.doctor.migration.MigrationReader} one file, into
 * {@link io.medic.doctor.migration.MigrationFile}s (revision identifiers, message, and the
 * {@link io.medic.doctor.migration.Operation}s of {@code upgrade()}). Anything that is not a readable revision is a
 * {@link io.medic.doctor.migration.MigrationParseException} with its file and line.
 */
package io.medic.doctor.migration;
