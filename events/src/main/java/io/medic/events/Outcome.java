package io.medic.events;

public enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Stopped before writing anything, e.g. a precondition no longer held. */
    ABORTED
}
