package io.medic.notifier.listener;

import io.medic.events.EventType;
import io.medic.events.MedicEvent;
import io.medic.messaging.InboundEvents;
import io.medic.notifier.config.NotifierConfig;
import io.medic.notifier.service.NotifierService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Reads the four topics that tell an incident's story and hands each event to the notifier. A record is
 * acknowledged (its offset may commit) only once the comments it leads to are posted or dead-lettered, so
 * nothing is lost across a restart; the listener itself never waits for a forge.
 */
@ApplicationScoped
public class StoryListener {

    private final InboundEvents inbound;
    private final NotifierService notifier;
    private final NotifierConfig config;

    public StoryListener(InboundEvents inbound, NotifierService notifier, NotifierConfig config) {
        this.inbound = inbound;
        this.notifier = notifier;
        this.config = config;
    }

    @Incoming("signals")
    @Blocking
    public CompletionStage<Void> onSignal(Message<byte[]> message) {
        return tell(message, EventType.SIGNAL);
    }

    @Incoming("plans")
    @Blocking
    public CompletionStage<Void> onPlan(Message<byte[]> message) {
        return tell(message, EventType.PLAN);
    }

    @Incoming("decisions")
    @Blocking
    public CompletionStage<Void> onDecision(Message<byte[]> message) {
        return tell(message, EventType.DECISION);
    }

    @Incoming("executions")
    @Blocking
    public CompletionStage<Void> onExecution(Message<byte[]> message) {
        return tell(message, EventType.EXECUTION);
    }

    private CompletionStage<Void> tell(Message<byte[]> message, EventType type) {
        notifier.awaitReplay(config.replayTimeout());
        return inbound.<MedicEvent>processDeferred(message, type, notifier::on);
    }
}
