package io.medic.executor.listener;

import io.medic.events.EventType;
import io.medic.events.Execution;
import io.medic.executor.domain.ConsumedOffsets;
import io.medic.executor.domain.Ledger;
import io.medic.messaging.InboundEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Reads {@code medic.executions} back, from its beginning at every start and then as records arrive (this
 * executor's and every other replica's): the ledger that says which plans ran, and how far.
 */
@ApplicationScoped
public class LedgerListener {

    private final InboundEvents inbound;
    private final Ledger ledger;
    private final ConsumedOffsets offsets;

    public LedgerListener(InboundEvents inbound, Ledger ledger, ConsumedOffsets offsets) {
        this.inbound = inbound;
        this.ledger = ledger;
        this.offsets = offsets;
    }

    @Incoming("ledger")
    @Blocking(ordered = true)
    public CompletionStage<Void> onExecution(Message<byte[]> message) {
        return inbound.<Execution>process(message, EventType.EXECUTION, ledger::record)
                .whenComplete((done, failure) -> Offsets.processed(offsets, message));
    }
}
