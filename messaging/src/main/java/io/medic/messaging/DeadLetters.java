package io.medic.messaging;

import io.medic.events.DeadLetter;
import io.medic.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Publishes what a service could not process to {@code medic.dead-letter}, as a {@link DeadLetter}
 * with the reason and the original record (topic, partition, offset, key, headers, bytes), so
 * nothing is lost and the service keeps going. Every service configures the {@code dead-letter} channel.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "dead-letter";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Emitter<byte[]> emitter;
    private final ServiceIdentity service;
    private final MeterRegistry registry;
    private final Clock clock;

    public DeadLetters(@Channel(CHANNEL) Emitter<byte[]> emitter, ServiceIdentity service, MeterRegistry registry) {
        this.emitter = emitter;
        this.service = service;
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    /** Completes when the dead letter is on the broker. */
    public CompletionStage<Void> send(Message<byte[]> original, String reason) {
        return send(letterFor(original, reason));
    }

    /**
     * The same for a record a service read with a plain Kafka consumer rather than a channel (a service that
     * rebuilds its state from a topic by assigning its partitions): same dead letter, same metric.
     */
    public CompletionStage<Void> send(ConsumerRecord<String, byte[]> original, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        original.headers().forEach(h ->
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)));
        return send(new DeadLetter(service.name(), original.topic(), original.partition(), original.offset(),
                original.key(), headers, original.value(), reason, clock.instant()));
    }

    private CompletionStage<Void> send(DeadLetter letter) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", letter.topic(), letter.partition(), letter.offset(), letter.reason());
        registry.counter("medic.dead.letters", "service", service.name(), "topic", letter.topic()).increment();
        return OutboundEvents.send(emitter, letter, service.source());
    }

    private DeadLetter letterFor(Message<byte[]> original, String reason) {
        var kafka = original.getMetadata(IncomingKafkaRecordMetadata.class);
        String topic = kafka.map(IncomingKafkaRecordMetadata::getTopic).orElse(Topics.DEAD_LETTER + ".unknown-source");
        int partition = kafka.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1);
        long offset = kafka.map(m -> m.getOffset()).orElse(-1L);
        String key = kafka.map(m -> m.getKey() == null ? null : String.valueOf(m.getKey())).orElse(null);
        Map<String, String> headers = new LinkedHashMap<>();
        kafka.ifPresent(m -> m.getHeaders().forEach(h ->
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8))));
        return new DeadLetter(service.name(), topic, partition, offset, key, headers, original.getPayload(), reason,
                clock.instant());
    }
}
