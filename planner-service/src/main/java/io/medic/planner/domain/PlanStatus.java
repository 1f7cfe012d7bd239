package io.medic.planner.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a plan stands, computed in one place ({@link TrackedPlan#status}) from what the topics say: its
 * decision, its execution records, whether a later plan superseded it, and its expiry. Each state answers
 * the questions the API and the planner ask of it.
 */
public enum PlanStatus {
    /** Waiting for a person (or it has nothing to execute, and a person should read it). */
    AWAITING,
    /** Approved; the executor has not reported yet. */
    APPROVED,
    REJECTED,
    /** A later plan of the same incident replaced it before anyone decided. */
    SUPERSEDED,
    /** Nobody decided before {@code expiresAt}. */
    EXPIRED,
    /** The executor reported progress, not the end yet. */
    EXECUTING,
    /** The executor reported the end (any outcome). */
    DONE;

    /** The name in the API's {@code ?status=} filter and its answers. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PlanStatus> ofApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(name)).findFirst();
    }

    /** A person (or the policy) may still approve or reject it. */
    public boolean decidable() {
        return this == AWAITING;
    }

    /** It can no longer be decided because time or a newer plan overtook it (the API's 410). */
    public boolean gone() {
        return this == SUPERSEDED || this == EXPIRED;
    }

    /** Someone decided it (it may be running or done since). */
    public boolean decided() {
        return this == APPROVED || this == REJECTED || this == EXECUTING || this == DONE;
    }

    /** The executor has it or had it: a new plan must not replace it while it runs. */
    public boolean inExecutor() {
        return this == APPROVED || this == EXECUTING;
    }
}
