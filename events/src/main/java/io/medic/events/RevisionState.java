package io.medic.events;

/**
 * The state of one Alembic revision against a live database, computed in exactly one place
 * (the engine's reconciliation), like Flyway's MigrationState.
 */
public enum RevisionState {
    /** Its effects are present and the version table implies it. */
    APPLIED,
    /** Its effects are present but the version table does not imply it (it ran out of order, or by hand). */
    PRESENT_UNSTAMPED,
    /** Its effects are absent (whether or not the version table claims it). */
    MISSING,
    /** Some of its effects are present and some are not. */
    PARTIAL,
    /** It only does things the schema cannot show (data migrations, unknown calls). */
    UNVERIFIABLE
}
