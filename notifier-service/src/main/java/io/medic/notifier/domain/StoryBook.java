package io.medic.notifier.domain;

import io.medic.events.DeadLetter;
import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.events.WorkloadRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every incident's story, rebuilt from the four topics at start and kept up to date by the listeners.
 * Applying an event is idempotent (a redelivered record changes nothing) and order-tolerant: a decision
 * or an execution read before its plan waits here for it. Bounded: past {@code maxIncidents} the
 * incidents seen longest ago are forgotten (their comments are on the issues; the topics still hold them).
 * Thread-safe: the four listeners apply concurrently.
 */
public final class StoryBook {

    private final int maxIncidents;
    private final LinkedHashMap<String, Incident> incidents = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, String> incidentOfPlan = new HashMap<>();
    private final Map<String, Decision> waitingDecisions = new HashMap<>();
    private final Map<String, Map<String, Execution>> waitingExecutions = new HashMap<>();

    public StoryBook(int maxIncidents) {
        this.maxIncidents = maxIncidents;
    }

    /** Applies the event; the story of the incident it belongs to, when that incident is known. */
    public synchronized Optional<Story> apply(MedicEvent event) {
        return switch (event) {
            case Signal signal -> Optional.of(applySignal(signal).snapshot());
            case Plan plan -> Optional.of(applyPlan(plan).snapshot());
            case Decision decision -> applyDecision(decision).map(Incident::snapshot);
            case Execution execution -> applyExecution(execution).map(Incident::snapshot);
            case DeadLetter letter -> Optional.empty();
        };
    }

    public synchronized Optional<Story> story(String incidentId) {
        return Optional.ofNullable(incidents.get(incidentId)).map(Incident::snapshot);
    }

    public synchronized int size() {
        return incidents.size();
    }

    private Incident applySignal(Signal signal) {
        Incident incident = incident(signal.incidentId(), signal.workload());
        incident.signals.putIfAbsent(signal.sequence(), signal);
        return incident;
    }

    private Incident applyPlan(Plan plan) {
        Incident incident = incident(plan.incidentId(), plan.workload());
        incident.plans.putIfAbsent(plan.id(), plan);
        incidentOfPlan.put(plan.id(), plan.incidentId());
        Decision decision = waitingDecisions.remove(plan.id());
        if (decision != null) {
            incident.decisions.putIfAbsent(plan.id(), decision);
        }
        Map<String, Execution> executions = waitingExecutions.remove(plan.id());
        if (executions != null) {
            executions.values().forEach(e -> incident.addExecution(e));
        }
        return incident;
    }

    private Optional<Incident> applyDecision(Decision decision) {
        Optional<Incident> incident = incidentOf(decision.planId());
        if (incident.isPresent()) {
            incident.get().decisions.putIfAbsent(decision.planId(), decision);
        } else {
            waitingDecisions.putIfAbsent(decision.planId(), decision);
        }
        return incident;
    }

    private Optional<Incident> applyExecution(Execution execution) {
        Optional<Incident> incident = incidentOf(execution.planId());
        if (incident.isPresent()) {
            incident.get().addExecution(execution);
        } else {
            waitingExecutions.computeIfAbsent(execution.planId(), k -> new LinkedHashMap<>())
                    .putIfAbsent(execution.eventId(), execution);
        }
        return incident;
    }

    private Optional<Incident> incidentOf(String planId) {
        return Optional.ofNullable(incidentOfPlan.get(planId)).map(incidents::get);
    }

    private Incident incident(String id, WorkloadRef workload) {
        Incident incident = incidents.computeIfAbsent(id, k -> new Incident(id, workload));
        while (incidents.size() > maxIncidents) {
            Iterator<Map.Entry<String, Incident>> eldest = incidents.entrySet().iterator();
            Incident forgotten = eldest.next().getValue();
            eldest.remove();
            forgotten.plans.keySet().forEach(incidentOfPlan::remove);
        }
        return incident;
    }

    private static final class Incident {
        final String id;
        final WorkloadRef workload;
        final TreeMap<Integer, Signal> signals = new TreeMap<>();
        final LinkedHashMap<String, Plan> plans = new LinkedHashMap<>();
        final Map<String, Decision> decisions = new HashMap<>();
        final Map<String, LinkedHashMap<String, Execution>> executions = new HashMap<>();

        Incident(String id, WorkloadRef workload) {
            this.id = id;
            this.workload = workload;
        }

        void addExecution(Execution execution) {
            executions.computeIfAbsent(execution.planId(), k -> new LinkedHashMap<>())
                    .putIfAbsent(execution.eventId(), execution);
        }

        Story snapshot() {
            List<Plan> ordered = new ArrayList<>(plans.values());
            ordered.sort(Comparator.comparing(Plan::createdAt));
            Map<String, List<Execution>> byPlan = new HashMap<>();
            executions.forEach((plan, records) -> {
                List<Execution> list = new ArrayList<>(records.values());
                list.sort(Comparator.comparing(Execution::at));
                byPlan.put(plan, list);
            });
            return new Story(id, workload, new ArrayList<>(signals.values()), ordered, decisions, byPlan);
        }
    }
}
