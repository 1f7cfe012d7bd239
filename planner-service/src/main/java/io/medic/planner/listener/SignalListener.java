package io.medic.planner.listener;

import io.medic.events.EventType;
import io.medic.events.Signal;
import io.medic.messaging.InboundEvents;
import io.medic.planner.service.PlanningService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Signals in, plans out. A signal is acknowledged only once its plan (and an automatic decision) is on the
 * broker; a malformed one is dead-lettered with the reason and the next one is taken. Signals of different
 * incidents are planned in parallel, each incident's in turn.
 */
@ApplicationScoped
public class SignalListener {

    private final InboundEvents inbound;
    private final PlanningService planning;

    public SignalListener(InboundEvents inbound, PlanningService planning) {
        this.inbound = inbound;
        this.planning = planning;
    }

    @Incoming("signals")
    @Blocking(ordered = false)
    public CompletionStage<Void> onSignal(Message<byte[]> message) {
        long received = System.nanoTime();
        return inbound.<Signal>process(message, EventType.SIGNAL, signal -> planning.onSignal(signal, received));
    }
}
