package io.medic.messaging;

import io.medic.events.CloudEventAttributes;
import io.medic.events.EventCodec;
import io.medic.events.MedicEvent;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a Medic event into a Kafka message: JSON value, Medic's key, binary-mode CloudEvent headers. */
public final class OutboundEvents {

    private OutboundEvents() {
    }

    /**
     * The message for {@code event}; {@code done} completes when the broker acknowledged it (or failed),
     * so callers can publish-then-acknowledge.
     */
    public static Message<byte[]> toMessage(MedicEvent event, String source, CompletableFuture<Void> done) {
        CloudEventAttributes ce = CloudEventAttributes.of(event, source);
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(ce.id())
                .withType(ce.type())
                .withSource(URI.create(ce.source()))
                .withSubject(ce.subject())
                .withTimestamp(ce.time().atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .build();
        return Message.of(EventCodec.encode(event), Metadata.of(cloudEvent, kafka))
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }

    /** Sends through {@code emitter} and returns a stage that completes when the broker has the record. */
    public static CompletionStage<Void> send(org.eclipse.microprofile.reactive.messaging.Emitter<byte[]> emitter,
                                             MedicEvent event, String source) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.send(toMessage(event, source, done));
        return done;
    }
}
