package io.medic.notifier.listener;

import io.medic.events.EventType;
import io.medic.notifier.client.TopicReplay;
import io.medic.notifier.config.NotifierConfig;
import io.medic.notifier.service.NotifierService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;

/**
 * When the story topics are given to this replica (at start, or when another replica went away), every story is
 * rebuilt from the topics before any record is told: the replica that held them until now may have read far past
 * the committed offsets, and its comments' states must be known here or they would be told again. Runs on the
 * consumer's polling thread, so no record of the new assignment is handed on until the rebuild is done. At shutdown,
 * stops the lanes so that no comment is half-handled (unacknowledged records come again).
 */
@ApplicationScoped
@Identifier("story-assignments")
public class StoryAssignments implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(StoryAssignments.class);
    static final List<EventType> STORY = List.of(EventType.SIGNAL, EventType.PLAN, EventType.DECISION, EventType.EXECUTION);

    private final NotifierService notifier;
    private final NotifierConfig config;
    private final String bootstrapServers;

    public StoryAssignments(NotifierService notifier, NotifierConfig config,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.notifier = notifier;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            LOG.info("no story partition is assigned here: another replica tells the stories");
            return;
        }
        long began = System.nanoTime();
        try {
            int read = new TopicReplay(bootstrapServers).replay(STORY, config.replayTimeout(), notifier::replay);
            LOG.infof("assigned %s: rebuilt the stories from %d events in %d ms", partitions, read,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("cannot replay the story topics (%s); stories grow from what the consumer reads", e.toString());
        } finally {
            notifier.replayDone();
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            LOG.infof("revoked %s (shutting down, or the group moves them to another replica)", partitions);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        notifier.stop();
    }
}
