package io.medic.detector.client;

import io.medic.events.Signal;
import io.medic.messaging.OutboundEvents;
import io.medic.messaging.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/** Publishes {@code medic.signal.v1} to {@code medic.signals}, keyed by {@code namespace/workload}. */
@ApplicationScoped
public class SignalPublisher {

    private final Emitter<byte[]> emitter;
    private final ServiceIdentity service;

    public SignalPublisher(@Channel("signals") Emitter<byte[]> emitter, ServiceIdentity service) {
        this.emitter = emitter;
        this.service = service;
    }

    /** Completes when the broker has the record. */
    public CompletionStage<Void> publish(Signal signal) {
        return OutboundEvents.send(emitter, signal, service.source());
    }
}
