package io.medic.events;

/** How an execution ended. */
public enum Outcome {
    /** Every step ran and every check after them held: the workload recovered. */
    SUCCEEDED,
    /** A step failed; later steps did not run. The step's output says why. */
    FAILED,
    /** Refused before anything was written (rejected, expired, superseded, wrong digest, not allowed). */
    ABORTED,
    /** The database no longer is as the plan saw it: nothing was written, a fresh diagnosis is needed. */
    STALE,
    /** A dry run: every precondition checked and the plan rehearsed; nothing real was written. */
    REHEARSED;

    /** True when the workload is known to have recovered. */
    public boolean recovered() {
        return this == SUCCEEDED;
    }
}
