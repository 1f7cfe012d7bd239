package io.medic.detector.client;

import io.medic.events.Signal;
import io.medic.events.Topics;
import io.medic.messaging.OutboundEvents;
import io.medic.messaging.ServiceIdentity;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Publishes {@code medic.signal.v1} to {@code medic.signals}, keyed by {@code namespace/workload}. */
@ApplicationScoped
public class SignalPublisher {

    /** The outgoing channel (application.properties: {@code mp.messaging.outgoing.signals.*}). */
    public static final String CHANNEL = "signals";

    private final Emitter<byte[]> emitter;
    private final ServiceIdentity service;
    private final KafkaClientService kafka;

    /** A burst of crash loops (a bad rollout of many workloads) is buffered, within bounds, while Kafka acknowledges. */
    public SignalPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) Emitter<byte[]> emitter,
                           ServiceIdentity service, KafkaClientService kafka) {
        this.emitter = emitter;
        this.service = service;
        this.kafka = kafka;
    }

    /** Has the producer look up medic.signals' partitions now, not on the first signal; throws if it cannot in time. */
    public void fetchTopicMetadata(Duration timeout) {
        kafka.getProducer(CHANNEL).partitionsFor(Topics.SIGNALS).await().atMost(timeout);
    }

    /** Completes when the broker has the record, or exceptionally (also when the buffer is full). */
    public CompletionStage<Void> publish(Signal signal) {
        try {
            return OutboundEvents.send(emitter, signal, service.source());
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
