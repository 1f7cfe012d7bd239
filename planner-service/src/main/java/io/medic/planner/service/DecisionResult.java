package io.medic.planner.service;

import io.medic.events.Decision;

/** What became of an approval or a rejection; the API turns each into its status code. */
public sealed interface DecisionResult {

    /** Published and confirmed by the broker; {@code fresh} is false when an identical decision stood already. */
    record Decided(Decision decision, boolean fresh) implements DecisionResult {
    }

    record NotFound(String planId) implements DecisionResult {
    }

    /** The plan was superseded or expired before anyone decided it. */
    record Gone(String reason) implements DecisionResult {
    }

    /** The digest is not the plan's, the plan was decided otherwise, or it has nothing to execute. */
    record Conflict(String reason, Decision standing) implements DecisionResult {
    }

    /** The broker did not confirm the decision in time: nothing is decided. */
    record Unavailable(String reason) implements DecisionResult {
    }
}
