package io.medic.executor.listener;

import io.medic.events.Decision;
import io.medic.events.EventType;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** Approvals and rejections in; an approved, intact, unexpired plan is executed once. */
@ApplicationScoped
public class DecisionListener {

    private final InboundEvents inbound;
    private final Executions executions;

    public DecisionListener(InboundEvents inbound, Executions executions) {
        this.inbound = inbound;
        this.executions = executions;
    }

    @Incoming("decisions")
    @Blocking
    public CompletionStage<Void> onDecision(Message<byte[]> message) {
        return inbound.<Decision>process(message, EventType.DECISION, executions::decisionArrived);
    }
}
