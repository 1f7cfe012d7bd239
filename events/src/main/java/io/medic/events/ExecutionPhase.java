package io.medic.events;

/** Where a step ran: on the scratch copy of the database first, then for real. */
public enum ExecutionPhase {
    /** On a scratch database holding the live schema and version rows, before anything real is touched. */
    REHEARSAL,
    /** Against the real database and cluster. */
    LIVE
}
