package io.medic.executor.domain;

import io.medic.events.Decision;
import io.medic.events.Plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the executor knows of plans, rebuilt from the compacted plans topic: the plan per id, which plan
 * supersedes which, decisions that arrived before their plan, and which plans this process has taken up
 * (so a redelivered approval is not started twice in one process; the ledger says the same across processes).
 */
public final class PlanBook {

    private final Map<String, Plan> plans = new HashMap<>();
    private final Map<String, String> supersededBy = new HashMap<>();
    private final Map<String, Decision> waiting = new HashMap<>();
    private final Set<String> takenUp = new HashSet<>();

    /** Records the plan; returns a decision that was waiting for it, if any. */
    public synchronized Optional<Decision> record(Plan plan) {
        plans.put(plan.id(), plan);
        if (plan.supersedes() != null && !plan.supersedes().isBlank()) {
            supersededBy.put(plan.supersedes(), plan.id());
        }
        return Optional.ofNullable(waiting.remove(plan.id()));
    }

    /** The plan this decision is about, or empty (the decision then waits for its plan). */
    public synchronized Optional<Plan> planFor(Decision decision) {
        Plan plan = plans.get(decision.planId());
        if (plan == null) {
            waiting.put(decision.planId(), decision);
        }
        return Optional.ofNullable(plan);
    }

    /** The id of the plan that replaced this one, if one did. */
    public synchronized Optional<String> supersededBy(String planId) {
        return Optional.ofNullable(supersededBy.get(planId));
    }

    /** True the first time only: the caller then owns the execution of that plan in this process. */
    public synchronized boolean takeUp(String planId) {
        return takenUp.add(planId);
    }

    /** Gives a plan back (its execution stopped before it concluded): a later delivery may take it up again. */
    public synchronized void release(String planId) {
        takenUp.remove(planId);
    }
}
