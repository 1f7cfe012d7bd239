package io.medic.executor.client;

import io.medic.events.Execution;
import io.medic.messaging.OutboundEvents;
import io.medic.messaging.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.TimeUnit;

/** Publishes {@code medic.execution.v1} to {@code medic.executions}, keyed by plan id. */
@ApplicationScoped
public class ExecutionPublisher {

    private static final long TIMEOUT_SECONDS = 150;

    private final Emitter<byte[]> emitter;
    private final ServiceIdentity service;

    public ExecutionPublisher(@Channel("executions") Emitter<byte[]> emitter, ServiceIdentity service) {
        this.emitter = emitter;
        this.service = service;
    }

    /** Blocks until the broker has the record: an execution report is never fire-and-forget. */
    public void publish(Execution execution) {
        try {
            OutboundEvents.send(emitter, execution, service.source()).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while recording " + execution.eventId(), e);
        } catch (Exception e) {
            throw new LedgerException("cannot record " + execution.eventId() + " on medic.executions: " + e, e);
        }
    }
}
