package io.medic.executor.listener;

import io.medic.executor.domain.ConsumedOffsets;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Notes that a record was processed (handled or dead-lettered), for {@link ConsumedOffsets}. */
final class Offsets {

    private Offsets() {
    }

    static void processed(ConsumedOffsets offsets, Message<byte[]> message) {
        message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(m -> offsets.processed(m.getTopic(), m.getPartition(), m.getOffset()));
    }
}
