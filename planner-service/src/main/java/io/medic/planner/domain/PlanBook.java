package io.medic.planner.domain;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.Diagnosis;
import io.medic.events.Plan;
import io.medic.events.Step;

import java.lang.ref.WeakReference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/**
 * The planner's view of every plan, rebuilt from the compacted {@code medic.plans} and {@code medic.decisions}
 * and from {@code medic.executions} at start, and kept current from them (and from what this replica just
 * published, so it answers before the record comes back). Records of the three topics arrive in any order:
 * a decision or execution whose plan is not known yet waits for it. Applying a record twice changes nothing.
 * Thread-safe; every answer is an immutable snapshot.
 */
public final class PlanBook {

    /** Decisions and executions waiting for their plan, at most this many plan ids. */
    static final int MAX_PENDING = 10_000;

    private final Map<String, TrackedPlan> plans = new HashMap<>();
    private final Map<Diagnosis, WeakReference<Diagnosis>> diagnoses = new WeakHashMap<>();
    private final Map<List<Step>, WeakReference<List<Step>>> stepLists = new WeakHashMap<>();
    /** plan id -> the id of the plan that names it in {@code supersedes} (the later one may arrive first) */
    private final Map<String, String> supersededBy = new HashMap<>();
    private final Map<String, Decision> pendingDecisions = new LinkedHashMap<>();
    private final Map<String, List<Execution>> pendingExecutions = new LinkedHashMap<>();

    public synchronized void apply(Plan published) {
        Plan plan = shared(published);
        TrackedPlan tracked = plans.get(plan.id());
        if (tracked == null) {
            tracked = TrackedPlan.of(plan);
            Decision decision = pendingDecisions.remove(plan.id());
            if (decision != null) {
                tracked = tracked.withDecision(decision);
            }
            for (Execution e : pendingExecutions.getOrDefault(plan.id(), List.of())) {
                tracked = tracked.withExecution(e);
            }
            pendingExecutions.remove(plan.id());
            String newer = supersededBy.get(plan.id());
            if (newer != null) {
                tracked = tracked.supersededBy(newer);
            }
        } else {
            tracked = tracked.withPlan(plan);
        }
        plans.put(plan.id(), tracked);
        if (plan.supersedes() != null && !plan.supersedes().equals(plan.id())) {
            supersededBy.put(plan.supersedes(), plan.id());
            TrackedPlan older = plans.get(plan.supersedes());
            if (older != null) {
                plans.put(older.id(), older.supersededBy(plan.id()));
            }
        }
    }

    public synchronized void apply(Decision decision) {
        TrackedPlan tracked = plans.get(decision.planId());
        if (tracked == null) {
            pendingDecisions.remove(decision.planId());
            pendingDecisions.put(decision.planId(), decision);
            trim(pendingDecisions);
            return;
        }
        plans.put(tracked.id(), tracked.withDecision(decision));
    }

    public synchronized void apply(Execution execution) {
        TrackedPlan tracked = plans.get(execution.planId());
        if (tracked == null) {
            List<Execution> waiting = pendingExecutions.computeIfAbsent(execution.planId(), k -> new ArrayList<>());
            if (!waiting.contains(execution) && waiting.size() < TrackedPlan.MAX_EXECUTIONS) {
                waiting.add(execution);
            }
            trim(pendingExecutions);
            return;
        }
        plans.put(tracked.id(), tracked.withExecution(execution));
    }

    public synchronized Optional<TrackedPlan> get(String planId) {
        return Optional.ofNullable(plans.get(planId));
    }

    /** The incident's current plan: the newest one no later plan superseded. */
    public synchronized Optional<TrackedPlan> live(String incidentId) {
        return plans.values().stream()
                .filter(t -> t.plan().incidentId().equals(incidentId) && t.supersededBy() == null)
                .max(Comparator.comparing((TrackedPlan t) -> t.plan().createdAt()).thenComparing(TrackedPlan::id));
    }

    /** Plans matching {@code filter}, newest first. */
    public synchronized List<TrackedPlan> find(Predicate<TrackedPlan> filter) {
        return plans.values().stream().filter(filter)
                .sorted(Comparator.comparing((TrackedPlan t) -> t.plan().createdAt()).reversed()
                        .thenComparing(TrackedPlan::id))
                .toList();
    }

    public List<TrackedPlan> withStatus(PlanStatus status, Instant now) {
        return find(t -> t.status(now) == status);
    }

    /** Every plan of one workload ({@code namespace/name}), newest first. */
    public List<TrackedPlan> ofWorkload(String workloadKey) {
        return find(t -> t.plan().workload().key().equals(workloadKey));
    }

    public synchronized int size() {
        return plans.size();
    }

    /**
     * Forgets plans created before {@code now - retention} that can no longer change (done, rejected,
     * superseded, expired), so a long-running planner's memory stays bounded.
     */
    public synchronized int forgetOlderThan(Duration retention, Instant now) {
        Instant horizon = now.minus(retention);
        List<String> old = plans.values().stream()
                .filter(t -> t.plan().createdAt().isBefore(horizon))
                .filter(t -> switch (t.status(now)) {
                    case DONE, REJECTED, SUPERSEDED, EXPIRED -> true;
                    case AWAITING, APPROVED, EXECUTING -> false;
                })
                .map(TrackedPlan::id).toList();
        old.forEach(id -> {
            plans.remove(id);
            supersededBy.remove(id);
        });
        return old.size();
    }

    /**
     * The plan with its diagnosis and steps shared with every other plan that has equal ones: renewals of a plan
     * that waits for days, re-plans of the same database state and the records read back from the topic are the
     * same large records (a post-condition holds head's whole schema); the view keeps one copy of each.
     */
    private Plan shared(Plan plan) {
        Diagnosis diagnosis = intern(diagnoses, plan.diagnosis());
        List<Step> steps = intern(stepLists, plan.steps());
        if (diagnosis == plan.diagnosis() && steps == plan.steps()) {
            return plan;
        }
        return new Plan(plan.id(), plan.incidentId(), plan.workload(), plan.migrationContainer(), plan.database(),
                plan.diagnoser(), plan.risk(), plan.summary(), diagnosis, steps, plan.supersedes(), plan.firstSeenAt(),
                plan.createdAt(), plan.expiresAt(), plan.digest());
    }

    private static <T> T intern(Map<T, WeakReference<T>> pool, T value) {
        WeakReference<T> known = pool.get(value);
        T canonical = known == null ? null : known.get();
        if (canonical != null) {
            return canonical;
        }
        pool.put(value, new WeakReference<>(value));
        return value;
    }

    private static void trim(Map<String, ?> pending) {
        var it = pending.keySet().iterator();
        while (pending.size() > MAX_PENDING && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
