package io.medic.planner.domain;

import java.util.Optional;

/**
 * The automatic mode's answer for one plan, before it is published: approve it (and under which policy), or
 * hold it for a person and say why (the reason goes into the plan's summary), or nothing to decide (no steps).
 */
public sealed interface AutoApproval {

    /** The plan has nothing to execute: it is advice for a person, nobody approves it. */
    record NotApplicable() implements AutoApproval {
    }

    /** @param policy how the policy reads, e.g. {@code max-risk=LOW (medic.planner.auto-approve)} */
    record Approve(String policy, String comment) implements AutoApproval {
    }

    record Hold(String reason, Optional<LoopGuard.Trip> trip) implements AutoApproval {
    }
}
