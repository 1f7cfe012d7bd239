package io.medic.executor.service;

import io.medic.events.ExecutionPhase;
import io.medic.events.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;

/**
 * The executor's metrics (Prometheus names): {@code medic_executions_total{outcome}},
 * {@code medic_step_seconds{type,phase,result}} (histogram), {@code medic_rehearsals_total{result}} and
 * {@code medic_time_to_recovery_seconds} (histogram, from the incident's first crash to the verified
 * post-condition). Every label takes a handful of values only.
 */
@ApplicationScoped
public class ExecutorMetrics {

    private final MeterRegistry registry;

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            executions(outcome);
        }
        for (String result : new String[]{"succeeded", "failed", "stale", "not-rehearsed"}) {
            rehearsals(result);
        }
        recovery();
    }

    public void execution(Outcome outcome) {
        executions(outcome).increment();
    }

    public void step(String type, ExecutionPhase phase, String result, Duration took) {
        Timer.builder("medic.step").description("Seconds each step took, by step type, phase and result")
                .tags("type", type, "phase", phase.name().toLowerCase(Locale.ROOT), "result", result)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(15))
                .register(registry).record(took);
    }

    public void rehearsal(String result) {
        rehearsals(result).increment();
    }

    public void recovered(Duration sinceFirstCrash) {
        recovery().record(sinceFirstCrash);
    }

    private Counter executions(Outcome outcome) {
        return Counter.builder("medic.executions").description("Executions ended, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter rehearsals(String result) {
        return Counter.builder("medic.rehearsals").description("Rehearsals on a scratch copy, by result")
                .tag("result", result).register(registry);
    }

    private Timer recovery() {
        return Timer.builder("medic.time.to.recovery")
                .description("Seconds from the incident's first crash to the executor's verified post-condition")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry);
    }
}
