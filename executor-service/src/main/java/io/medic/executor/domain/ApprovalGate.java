package io.medic.executor.domain;

import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Plan;
import io.medic.events.Step;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a decision may start a plan's execution. Returns the reason to refuse (the execution then ends
 * ABORTED with it, nothing written), or empty to proceed: the decision approves; the plan is intact and the
 * approval names its digest; no later plan supersedes it; it has not expired; a step that changes an image
 * has a person's approval; and the steps are data the executor can trust ({@link PlanCheck}).
 */
public final class ApprovalGate {

    private ApprovalGate() {
    }

    public static Optional<String> refusal(Plan plan, Decision decision, Optional<String> supersededBy, Instant now) {
        if (decision.kind() == DecisionKind.REJECT) {
            return Optional.of("rejected by " + decision.by() + (decision.comment().isBlank() ? "" : ": " + decision.comment()));
        }
        if (!plan.digestValid()) {
            return Optional.of("plan " + plan.id() + " does not match its own digest; it was altered after sealing");
        }
        if (!plan.digest().equals(decision.planDigest())) {
            return Optional.of("approval by " + decision.by() + " names digest " + decision.planDigest()
                    + " but plan " + plan.id() + " has digest " + plan.digest());
        }
        if (supersededBy.isPresent()) {
            return Optional.of("plan " + plan.id() + " was superseded by plan " + supersededBy.get());
        }
        if (!now.isBefore(plan.expiresAt())) {
            return Optional.of("plan " + plan.id() + " expired at " + plan.expiresAt());
        }
        boolean changesImage = plan.steps().stream().anyMatch(s -> s instanceof Step.RollForwardImage);
        if (changesImage && decision.mode() != DecisionMode.MANUAL) {
            return Optional.of("the plan changes an image (roll-forward-image): only a person's approval runs it, not "
                    + decision.mode() + " by " + decision.by());
        }
        return PlanCheck.problem(plan).map(p -> "the plan cannot be trusted as data: " + p);
    }
}
