package io.medic.executor.domain;

/** Where a plan's rehearsal stands according to the ledger. */
public enum RehearsalState {
    NOT_STARTED,
    /** Started and not ended: the executor died during it; it is rehearsed again from a fresh copy. */
    IN_PROGRESS,
    SUCCEEDED,
    /** Not rehearsed (turned off, no CREATEDB, nothing to point at a copy); the execution said why. */
    SKIPPED,
    FAILED;

    /** True when the live steps may go on without rehearsing (again). */
    public boolean settled() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
