package io.medic.executor.domain;

/** Where one live step stands according to the ledger; computed in {@link PlanProgress} only. */
public enum StepState {
    /** No record of it: it has not started. */
    NOT_STARTED,
    /** Started, and no record says how it ended: the executor died during it. The live state decides. */
    IN_DOUBT,
    /** It ran and succeeded. */
    SUCCEEDED,
    /** Its effect was found already in place (or a dry run passed over it): nothing was written. */
    SKIPPED,
    /** It failed: the plan stops here. */
    FAILED;

    /** True when the plan moves past this step without running it again. */
    public boolean done() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
