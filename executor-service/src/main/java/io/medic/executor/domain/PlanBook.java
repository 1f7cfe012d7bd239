package io.medic.executor.domain;

import io.medic.events.Decision;
import io.medic.events.Plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the executor knows, rebuilt from the compacted plans topic and the decisions topic: the
 * latest plan per id, decisions that arrived before their plan, and which plans were already taken
 * up (so a redelivered approval does not run a plan twice).
 */
public final class PlanBook {

    private final Map<String, Plan> plans = new HashMap<>();
    private final Map<String, Decision> waiting = new HashMap<>();
    private final Set<String> takenUp = new HashSet<>();

    /** Records the plan; returns a decision that was waiting for it, if any. */
    public synchronized Optional<Decision> record(Plan plan) {
        plans.put(plan.id(), plan);
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

    /** True the first time only: the caller then owns the execution of that plan. */
    public synchronized boolean takeUp(String planId) {
        return takenUp.add(planId);
    }
}
