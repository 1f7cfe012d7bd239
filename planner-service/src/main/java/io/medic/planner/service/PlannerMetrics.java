package io.medic.planner.service;

import io.medic.events.Decision;
import io.medic.events.Plan;
import io.medic.planner.client.SourceException;
import io.medic.planner.domain.LoopGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The planner's metrics, Prometheus names {@code medic_…}; every label value comes from a closed set
 * (diagnoser, risk, verdict, decision kind and mode, loop-guard trip, source kind and failure kind).
 */
@ApplicationScoped
public class PlannerMetrics {

    private final MeterRegistry registry;
    private final Timer signalToPlan;

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.signalToPlan = Timer.builder("medic.signal.to.plan")
                .description("From a signal's detection to its plan on medic.plans (the planner's own share:"
                        + " from the record's arrival)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** medic_plans_total{diagnoser,risk,verdict}: plans published. */
    public void planPublished(Plan plan) {
        registry.counter("medic.plans", "diagnoser", plan.diagnoser(), "risk", plan.risk().name(),
                "verdict", plan.verdict().name()).increment();
    }

    /** medic_signals_total{outcome}: planned (a plan published), unchanged (the live plan stands), deferred. */
    public void signal(String outcome) {
        registry.counter("medic.signals", "outcome", outcome).increment();
    }

    /** medic_signal_to_plan_seconds: from the signal's arrival to its plan on the broker. */
    public void signalToPlan(Duration elapsed) {
        signalToPlan.record(elapsed);
    }

    /** medic_decisions_total{kind,mode} and medic_plan_decision_wait_seconds. */
    public void decided(Decision decision, Plan plan) {
        registry.counter("medic.decisions", "kind", decision.kind().name(), "mode", decision.mode().name()).increment();
        Duration waited = Duration.between(plan.createdAt(), decision.at());
        Timer.builder("medic.plan.decision.wait")
                .description("How long plans wait for a decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(2))
                .tag("mode", decision.mode().name())
                .register(registry).record(waited.isNegative() ? Duration.ZERO : waited);
    }

    /** medic_loop_guard_trips_total{trip}. */
    public void loopGuardTripped(LoopGuard.Trip trip) {
        registry.counter("medic.loop.guard.trips", "trip", trip.label()).increment();
    }

    /** medic_source_read_failures_total{source,kind}. */
    public void sourceFailed(String sourceKind, SourceException.Kind kind) {
        registry.counter("medic.source.read.failures", "source", sourceKind, "kind", kind.label()).increment();
    }

    /** medic_plans_renewed_total: expired plans diagnosed again and replaced. */
    public void renewed() {
        registry.counter("medic.plans.renewed").increment();
    }
}
