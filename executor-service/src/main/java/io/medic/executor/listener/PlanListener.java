package io.medic.executor.listener;

import io.medic.events.EventType;
import io.medic.events.Plan;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** Keeps the plan book current from the compacted plans topic. */
@ApplicationScoped
public class PlanListener {

    private final InboundEvents inbound;
    private final Executions executions;

    public PlanListener(InboundEvents inbound, Executions executions) {
        this.inbound = inbound;
        this.executions = executions;
    }

    @Incoming("plans")
    @Blocking
    public CompletionStage<Void> onPlan(Message<byte[]> message) {
        return inbound.<Plan>process(message, EventType.PLAN, executions::planArrived);
    }
}
