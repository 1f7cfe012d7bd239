package io.medic.planner.listener;

import io.medic.events.EventType;
import io.medic.events.Signal;
import io.medic.messaging.InboundEvents;
import io.medic.planner.client.PlanPublisher;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.AdvicePlanner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

/** Signals in, plans out. A signal is acknowledged only once its plan is on the broker. */
@ApplicationScoped
public class SignalListener {

    private final InboundEvents inbound;
    private final PlanPublisher plans;
    private final PlannerConfig config;
    private final Clock clock = Clock.systemUTC();

    public SignalListener(InboundEvents inbound, PlanPublisher plans, PlannerConfig config) {
        this.inbound = inbound;
        this.plans = plans;
        this.config = config;
    }

    @Incoming("signals")
    @Blocking
    public CompletionStage<Void> onSignal(Message<byte[]> message) {
        return inbound.<Signal>process(message, EventType.SIGNAL, signal ->
                plans.publish(AdvicePlanner.adviceFor(signal, clock.instant(), config.planTtl()))
                        .toCompletableFuture().join());
    }
}
