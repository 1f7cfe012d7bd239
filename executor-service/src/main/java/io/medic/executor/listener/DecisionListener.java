package io.medic.executor.listener;

import io.medic.events.Decision;
import io.medic.events.EventType;
import io.medic.executor.domain.ConsumedOffsets;
import io.medic.executor.service.ExecutionService;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** Approvals and rejections in, read from the compacted topic's beginning at every start; each plan executed once. */
@ApplicationScoped
public class DecisionListener {

    private final InboundEvents inbound;
    private final ExecutionService executions;
    private final ConsumedOffsets offsets;

    public DecisionListener(InboundEvents inbound, ExecutionService executions, ConsumedOffsets offsets) {
        this.inbound = inbound;
        this.executions = executions;
        this.offsets = offsets;
    }

    @Incoming("decisions")
    @Blocking
    public CompletionStage<Void> onDecision(Message<byte[]> message) {
        return inbound.<Decision>process(message, EventType.DECISION, executions::decisionArrived)
                .whenComplete((done, failure) -> Offsets.processed(offsets, message));
    }
}
