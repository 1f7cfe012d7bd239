package io.medic.detector.service;

import io.medic.detector.domain.IncidentBook;
import io.medic.events.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;

/**
 * The detector's metrics: {@code medic_signals_total{signature,container_kind,namespace}},
 * {@code medic_detection_latency_seconds} (histogram, from the informer seeing the crash to the broker
 * acknowledging the signal), {@code medic_open_incidents}, {@code medic_log_fetch_failures_total} and
 * {@code medic_detections_dropped_total}. Label values are bounded: catalog ids, three kinds, namespaces.
 */
@ApplicationScoped
public class DetectorMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter logFetchFailures;
    private final Counter dropped;

    public DetectorMetrics(MeterRegistry registry, IncidentBook book) {
        this.registry = registry;
        Gauge.builder("medic.open.incidents", book, IncidentBook::size).strongReference(true)
                .description("Incidents whose episode has not ended").register(registry);
        this.latency = Timer.builder("medic.detection.latency")
                .description("From the informer event showing the crash to the signal acknowledged by Kafka")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(5))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.logFetchFailures = Counter.builder("medic.log.fetch.failures")
                .description("Crashed containers whose log could not be read").register(registry);
        this.dropped = Counter.builder("medic.detections.dropped")
                .description("Crashes not analysed because the detection queue was full").register(registry);
    }

    void published(Signal signal, Duration sinceSeen) {
        registry.counter("medic.signals", "signature", signal.signature().id(),
                "container_kind", signal.container().kind().name().toLowerCase(Locale.ROOT),
                "namespace", signal.workload().namespace()).increment();
        latency.record(sinceSeen);
    }

    /** A crash that is not an incident: {@code reason} is {@code old-revision} or {@code ignored} (annotation). */
    void passedOver(String namespace, String reason) {
        registry.counter("medic.crashes.passed.over", "namespace", namespace, "reason", reason).increment();
    }

    void logFetchFailed() {
        logFetchFailures.increment();
    }

    void dropped() {
        dropped.increment();
    }
}
