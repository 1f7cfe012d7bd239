package io.medic.detector.client;

import io.medic.events.EventCodec;
import io.medic.events.EventType;
import io.medic.events.MalformedEventException;
import io.medic.events.Signal;
import io.medic.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What this detector published to {@code medic.signals} within the look-back window, read back at start-up:
 * Kafka is Medic's only shared state, so the open-incident book is rebuilt from it rather than from local
 * files, and a restarted detector does not announce open incidents again.
 */
public final class IncidentHistory {

    private static final Logger LOG = Logger.getLogger(IncidentHistory.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String source;
    private final Duration lookback;
    private final Clock clock;

    public IncidentHistory(String bootstrapServers, String source, Duration lookback, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.source = source;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The signals {@link #source} published in the window, oldest first. Throws when Kafka cannot be read. */
    public List<Signal> load() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "medic-detector-history");
        List<Signal> signals = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.SIGNALS, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return signals;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = clock.instant().minus(lookback).toEpochMilli();
            partitions.forEach(tp -> since.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            Instant deadline = clock.instant().plus(TIMEOUT);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < ends.get(tp))) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("reading " + Topics.SIGNALS + " back took longer than " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ours(record)) {
                        try {
                            signals.add(EventCodec.decode(record.value(), Signal.class));
                        } catch (MalformedEventException e) {
                            LOG.warnf("skipping an unreadable signal at %s-%d@%d: %s", record.topic(), record.partition(),
                                    record.offset(), e.getMessage());
                        }
                    }
                }
            }
        }
        return signals;
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        return source.equals(header(record, "ce_source")) && EventType.SIGNAL.type().equals(header(record, "ce_type"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
