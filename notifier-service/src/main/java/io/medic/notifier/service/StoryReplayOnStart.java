package io.medic.notifier.service;

import io.medic.events.EventType;
import io.medic.notifier.client.TopicReplay;
import io.medic.notifier.config.NotifierConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * At start, rebuilds every story from the four topics (in the background: the listeners wait for it);
 * at shutdown, stops the lanes so that no comment is half-handled (unacknowledged records come again).
 */
@ApplicationScoped
public class StoryReplayOnStart {

    private static final Logger LOG = Logger.getLogger(StoryReplayOnStart.class);
    static final List<EventType> STORY = List.of(EventType.SIGNAL, EventType.PLAN, EventType.DECISION, EventType.EXECUTION);

    void onStart(@Observes StartupEvent start, NotifierService notifier, NotifierConfig config,
                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Thread.ofVirtual().name("notifier-replay").start(() -> {
            long began = System.nanoTime();
            try {
                int read = new TopicReplay(bootstrapServers).replay(STORY, config.replayTimeout(), notifier::replay);
                LOG.infof("rebuilt the stories from %d events in %d ms", read, (System.nanoTime() - began) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warnf("cannot replay the story topics (%s); stories grow from what the listeners read", e.toString());
            } finally {
                notifier.replayDone();
            }
        });
    }

    void onStop(@Observes ShutdownEvent stop, NotifierService notifier) {
        notifier.stop();
    }
}
