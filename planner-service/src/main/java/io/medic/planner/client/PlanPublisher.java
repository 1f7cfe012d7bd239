package io.medic.planner.client;

import io.medic.events.Decision;
import io.medic.events.Plan;
import io.medic.messaging.OutboundEvents;
import io.medic.messaging.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/**
 * Publishes {@code medic.plan.v1} to the compacted {@code medic.plans} and {@code medic.decision.v1} to the
 * compacted {@code medic.decisions}, both keyed by plan id; each stage completes when the broker has the record.
 */
@ApplicationScoped
public class PlanPublisher {

    private final Emitter<byte[]> plans;
    private final Emitter<byte[]> decisions;
    private final ServiceIdentity service;

    public PlanPublisher(@Channel("plans") Emitter<byte[]> plans, @Channel("decisions") Emitter<byte[]> decisions,
                         ServiceIdentity service) {
        this.plans = plans;
        this.decisions = decisions;
        this.service = service;
    }

    public CompletionStage<Void> publish(Plan plan) {
        return OutboundEvents.send(plans, plan, service.source());
    }

    public CompletionStage<Void> publish(Decision decision) {
        return OutboundEvents.send(decisions, decision, service.source());
    }
}
