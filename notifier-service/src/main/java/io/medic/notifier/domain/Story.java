package io.medic.notifier.domain;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.events.WorkloadRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One incident as the four topics tell it, at one moment: its signals (by sequence), its plans (oldest
 * first), each plan's decision and execution records (in the order they happened). Immutable.
 */
public record Story(String incidentId, WorkloadRef workload, List<Signal> signals, List<Plan> plans,
                    Map<String, Decision> decisions, Map<String, List<Execution>> executions) {

    public Story {
        signals = List.copyOf(signals);
        plans = List.copyOf(plans);
        decisions = Map.copyOf(decisions);
        executions = Map.copyOf(executions);
    }

    /** The latest signal: its links name the issue. Empty until a signal of the incident was read. */
    public Optional<Signal> latestSignal() {
        return signals.isEmpty() ? Optional.empty() : Optional.of(signals.get(signals.size() - 1));
    }

    public Optional<Decision> decision(String planId) {
        return Optional.ofNullable(decisions.get(planId));
    }

    public List<Execution> executions(String planId) {
        return executions.getOrDefault(planId, List.of());
    }

    public Optional<Plan> plan(String planId) {
        return plans.stream().filter(p -> p.id().equals(planId)).findFirst();
    }

    /** When the incident's first crash was seen: time to recovery counts from it. */
    public Optional<Instant> firstSeenAt() {
        return signals.stream().map(Signal::firstSeenAt).filter(java.util.Objects::nonNull).findFirst()
                .or(() -> plans.stream().map(Plan::firstSeenAt).filter(java.util.Objects::nonNull).findFirst());
    }
}
