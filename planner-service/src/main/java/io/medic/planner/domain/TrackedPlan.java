package io.medic.planner.domain;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.Outcome;
import io.medic.events.Plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan with everything the topics say about it so far: its decision (the latest on the compacted
 * {@code medic.decisions}), its execution records in order, and the plan that superseded it. Immutable: the
 * {@link PlanBook} replaces it on every change.
 */
public record TrackedPlan(Plan plan, Decision decision, List<Execution> executions, String supersededBy) {

    /** Execution records kept per plan: a plan has a handful of steps, each with two or three records. */
    static final int MAX_EXECUTIONS = 256;

    public TrackedPlan {
        executions = List.copyOf(executions);
    }

    public static TrackedPlan of(Plan plan) {
        return new TrackedPlan(plan, null, List.of(), null);
    }

    public String id() {
        return plan.id();
    }

    /** The one place a plan's status is computed. */
    public PlanStatus status(Instant now) {
        if (executions.stream().anyMatch(Execution::finished)) {
            return PlanStatus.DONE;
        }
        if (!executions.isEmpty()) {
            return PlanStatus.EXECUTING;
        }
        if (decision != null) {
            return decision.approves() ? PlanStatus.APPROVED : PlanStatus.REJECTED;
        }
        if (supersededBy != null) {
            return PlanStatus.SUPERSEDED;
        }
        if (!now.isBefore(plan.expiresAt())) {
            return PlanStatus.EXPIRED;
        }
        return PlanStatus.AWAITING;
    }

    /** The final execution record's outcome, once there is one. */
    public Optional<Outcome> outcome() {
        return executions.stream().filter(Execution::finished).map(Execution::outcome).reduce((a, b) -> b);
    }

    /** When the final execution record was written. */
    public Optional<Instant> finishedAt() {
        return executions.stream().filter(Execution::finished).map(Execution::at).reduce((a, b) -> b);
    }

    TrackedPlan withPlan(Plan newer) {
        return new TrackedPlan(newer, decision, executions, supersededBy);
    }

    TrackedPlan withDecision(Decision newDecision) {
        return new TrackedPlan(plan, newDecision, executions, supersededBy);
    }

    TrackedPlan withExecution(Execution execution) {
        if (executions.contains(execution)) {
            return this;
        }
        List<Execution> more = new ArrayList<>(executions);
        more.add(execution);
        if (more.size() > MAX_EXECUTIONS) {
            more.remove(0);
        }
        return new TrackedPlan(plan, decision, more, supersededBy);
    }

    TrackedPlan supersededBy(String newer) {
        return new TrackedPlan(plan, decision, executions, newer);
    }
}
