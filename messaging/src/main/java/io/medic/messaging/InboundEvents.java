package io.medic.messaging;

import io.medic.events.EventCodec;
import io.medic.events.EventType;
import io.medic.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way a service reads an event: decode the record as the expected CloudEvent type, hand it to
 * the handler, acknowledge. A record that cannot be decoded, or whose handler throws, goes to the
 * dead-letter topic with the reason, and the consumer moves on. Only when even the dead letter cannot
 * be written is the record nacked (the channel's failure strategy then stops the service, unready).
 */
@ApplicationScoped
public class InboundEvents {

    private static final Logger LOG = Logger.getLogger(InboundEvents.class);
    private static final String CE_TYPE = "ce_type";

    private final DeadLetters deadLetters;
    private final ServiceIdentity service;
    private final MeterRegistry registry;

    public InboundEvents(DeadLetters deadLetters, ServiceIdentity service, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.service = service;
        this.registry = registry;
    }

    /** For {@code @Blocking} listeners: the handler runs on the calling (worker) thread. */
    public <T> CompletionStage<Void> process(Message<byte[]> message, EventType expected, Consumer<T> handler) {
        T event;
        try {
            event = decode(message, expected);
        } catch (MalformedEventException e) {
            return reject(message, expected, "malformed " + expected.type() + ": " + e.getMessage());
        }
        try {
            handler.accept(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "processing %s failed", expected.type());
            return reject(message, expected, "processing failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        count(expected, "processed");
        return message.ack();
    }

    /**
     * For work that finishes later than the handler returns (a comment posted on a forge, with retries): decode,
     * start the handler's work and return at once so the channel takes the next record; the record is
     * acknowledged (its offset may commit) only when that work completes, or dead-lettered with the work's
     * failure as the reason. Needs the throttled commit strategy, which commits an offset once every record
     * before it is acknowledged, with its unprocessed-record age check sized for the work (or off).
     */
    public <T> CompletionStage<Void> processDeferred(Message<byte[]> message, EventType expected,
                                                     Function<T, CompletionStage<Void>> handler) {
        T event;
        try {
            event = decode(message, expected);
        } catch (MalformedEventException e) {
            return reject(message, expected, "malformed " + expected.type() + ": " + e.getMessage());
        }
        CompletionStage<Void> work;
        try {
            work = handler.apply(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "processing %s failed", expected.type());
            return reject(message, expected, "processing failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        work.whenComplete((done, failure) -> {
            if (failure == null) {
                count(expected, "processed");
                message.ack();
            } else {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                reject(message, expected, "processing failed: " + cause.getMessage());
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(Message<byte[]> message, EventType expected) {
        String ceType = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(CE_TYPE))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8))
                .orElse(null);
        if (ceType != null && !ceType.equals(expected.type())) {
            throw new MalformedEventException("ce_type is '" + ceType + "' where " + expected.type() + " was expected");
        }
        return (T) EventCodec.decode(message.getPayload(), expected.recordClass());
    }

    private CompletionStage<Void> reject(Message<byte[]> message, EventType expected, String reason) {
        count(expected, "dead-lettered");
        return deadLetters.send(message, reason)
                .thenCompose(sent -> message.ack())
                .exceptionallyCompose(failure -> {
                    LOG.errorf(failure, "cannot dead-letter a %s record; nacking it", expected.type());
                    return message.nack(failure).thenCompose(x -> CompletableFuture.failedFuture(failure));
                });
    }

    private void count(EventType type, String outcome) {
        registry.counter("medic.events.consumed", "service", service.name(), "type", type.type(), "outcome", outcome)
                .increment();
    }
}
