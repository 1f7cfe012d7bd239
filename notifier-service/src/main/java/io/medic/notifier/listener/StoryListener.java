package io.medic.notifier.listener;

import io.medic.events.EventType;
import io.medic.events.Execution;
import io.medic.events.Plan;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Reads the story of each incident (plans, then execution progress) that the notifier tells on the
 * linked issue. This version reads and validates it; forge comments arrive with the notifier issue.
 */
@ApplicationScoped
public class StoryListener {

    private static final Logger LOG = Logger.getLogger(StoryListener.class);
    private final InboundEvents inbound;

    public StoryListener(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @Incoming("plans")
    @Blocking
    public CompletionStage<Void> onPlan(Message<byte[]> message) {
        return inbound.<Plan>process(message, EventType.PLAN,
                plan -> LOG.infof("plan %s for %s: %s", plan.id(), plan.workload().key(), plan.summary()));
    }

    @Incoming("executions")
    @Blocking
    public CompletionStage<Void> onExecution(Message<byte[]> message) {
        return inbound.<Execution>process(message, EventType.EXECUTION,
                execution -> LOG.infof("plan %s: step %d %s", execution.planId(), execution.stepIndex(),
                        execution.status()));
    }
}
