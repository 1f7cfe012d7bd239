package io.medic.planner.client;

import io.medic.events.Plan;
import io.medic.messaging.OutboundEvents;
import io.medic.messaging.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/** Publishes {@code medic.plan.v1} to the compacted {@code medic.plans}, keyed by plan id. */
@ApplicationScoped
public class PlanPublisher {

    private final Emitter<byte[]> emitter;
    private final ServiceIdentity service;

    public PlanPublisher(@Channel("plans") Emitter<byte[]> emitter, ServiceIdentity service) {
        this.emitter = emitter;
        this.service = service;
    }

    public CompletionStage<Void> publish(Plan plan) {
        return OutboundEvents.send(emitter, plan, service.source());
    }
}
