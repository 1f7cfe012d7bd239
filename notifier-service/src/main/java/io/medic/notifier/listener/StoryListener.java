package io.medic.notifier.listener;

import io.medic.events.EventType;
import io.medic.events.MedicEvent;
import io.medic.messaging.InboundEvents;
import io.medic.notifier.config.NotifierConfig;
import io.medic.notifier.service.NotifierService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the four topics that tell an incident's story, as one consumer (see application.properties: one replica
 * holds them all), and hands each event to the notifier. A record is acknowledged (its offset may commit) only once
 * the comments it leads to are posted or dead-lettered, so nothing is lost across a restart; the listener itself
 * never waits for a forge.
 */
@ApplicationScoped
public class StoryListener {

    static final Map<String, EventType> BY_TOPIC = Arrays.stream(new EventType[] {
            EventType.SIGNAL, EventType.PLAN, EventType.DECISION, EventType.EXECUTION})
            .collect(Collectors.toUnmodifiableMap(EventType::topic, Function.identity()));

    private final InboundEvents inbound;
    private final NotifierService notifier;
    private final NotifierConfig config;

    public StoryListener(InboundEvents inbound, NotifierService notifier, NotifierConfig config) {
        this.inbound = inbound;
        this.notifier = notifier;
        this.config = config;
    }

    @Incoming("story")
    @Blocking
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic)
                .orElseThrow(() -> new IllegalStateException("a story record without its Kafka metadata"));
        EventType type = BY_TOPIC.get(topic);
        if (type == null) {
            throw new IllegalStateException("the story channel reads " + BY_TOPIC.keySet() + ", not " + topic);
        }
        notifier.awaitReplay(config.replayTimeout());
        return inbound.<MedicEvent>processDeferred(message, type, notifier::on);
    }
}
