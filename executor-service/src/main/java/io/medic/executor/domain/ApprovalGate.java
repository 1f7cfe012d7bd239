package io.medic.executor.domain;

import io.medic.events.Decision;
import io.medic.events.Plan;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether an approval may start an execution: it must name the plan's current digest, the plan must
 * be intact (its digest recomputes) and unexpired. Returns the reason to refuse, or empty to proceed.
 */
public final class ApprovalGate {

    private ApprovalGate() {
    }

    public static Optional<String> refusal(Plan plan, Decision decision, Instant now) {
        if (!plan.digestValid()) {
            return Optional.of("plan " + plan.id() + " does not match its own digest; it was altered after sealing");
        }
        if (!plan.digest().equals(decision.planDigest())) {
            return Optional.of("approval by " + decision.by() + " names digest " + decision.planDigest()
                    + " but plan " + plan.id() + " has digest " + plan.digest());
        }
        if (!now.isBefore(plan.expiresAt())) {
            return Optional.of("plan " + plan.id() + " expired at " + plan.expiresAt());
        }
        return Optional.empty();
    }
}
