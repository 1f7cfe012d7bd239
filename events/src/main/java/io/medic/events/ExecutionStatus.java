package io.medic.events;

public enum ExecutionStatus {
    STARTED,
    SUCCEEDED,
    FAILED,
    /** The step's effect was already there (idempotent re-run), so nothing was written. */
    SKIPPED,
    /** The final record of an execution; {@link Execution#outcome()} says how it ended. */
    FINISHED
}
