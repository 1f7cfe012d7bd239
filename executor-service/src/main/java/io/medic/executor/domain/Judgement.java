package io.medic.executor.domain;

/**
 * What the live state says about a step before it acts: the question each runner answers first, whether
 * the step is new or was left in doubt by a crashed executor (Alembic's HeadMaintainer asks the same of
 * each migration step: what are the heads now, so what does this step change).
 */
public sealed interface Judgement {

    /** The step's effect is already there: nothing is written, the step is recorded as skipped. */
    record TookEffect(String detail, String output) implements Judgement {
    }

    /** The state is the one the step expects: it may act. */
    record Ready(String detail) implements Judgement {
    }

    /** The state is neither before nor after the step: the plan ends STALE, nothing more is written. */
    record Stale(String reason) implements Judgement {
    }

    /** An earlier attempt (before a restart) is known to have failed: the plan ends FAILED, it is not retried. */
    record FailedBefore(String detail, String output) implements Judgement {
    }

    static Judgement ready() {
        return new Ready("");
    }
}
