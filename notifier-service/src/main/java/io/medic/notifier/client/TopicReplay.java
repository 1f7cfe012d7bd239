package io.medic.notifier.client;

import io.medic.events.EventCodec;
import io.medic.events.EventType;
import io.medic.events.MalformedEventException;
import io.medic.events.MedicEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the four story topics from the beginning up to their end at this moment, with no consumer group
 * (nothing is committed), so every incident's story is whole again after a restart. Records that do not
 * decode are skipped here: the listeners dead-letter them when they reach them.
 */
public final class TopicReplay {

    private final String bootstrapServers;

    public TopicReplay(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Hands each decodable event to {@code sink}, topic by topic; returns how many it read. */
    public int replay(List<EventType> types, Duration timeout, Consumer<MedicEvent> sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Instant deadline = Instant.now().plus(timeout);
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            for (EventType type : types) {
                List<PartitionInfo> infos = consumer.partitionsFor(type.topic(), timeout);
                if (infos == null || infos.isEmpty()) {
                    continue;
                }
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(type.topic(), i.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
                while (Instant.now().isBefore(deadline)
                        && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() == null) {
                            continue;
                        }
                        try {
                            sink.accept(EventCodec.decode(r.value(), type.recordClass()));
                            read++;
                        } catch (MalformedEventException | IllegalArgumentException skipped) {
                            // the listener dead-letters it
                        }
                    }
                }
            }
        }
        return read;
    }
}
