package io.medic.executor.listener;

import io.medic.events.EventType;
import io.medic.events.Plan;
import io.medic.executor.domain.ConsumedOffsets;
import io.medic.executor.service.ExecutionService;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** Keeps the plan book current from the compacted plans topic, read from its beginning at every start. */
@ApplicationScoped
public class PlanListener {

    private final InboundEvents inbound;
    private final ExecutionService executions;
    private final ConsumedOffsets offsets;

    public PlanListener(InboundEvents inbound, ExecutionService executions, ConsumedOffsets offsets) {
        this.inbound = inbound;
        this.executions = executions;
        this.offsets = offsets;
    }

    @Incoming("plans")
    @Blocking
    public CompletionStage<Void> onPlan(Message<byte[]> message) {
        return inbound.<Plan>process(message, EventType.PLAN, executions::planArrived)
                .whenComplete((done, failure) -> Offsets.processed(offsets, message));
    }
}
