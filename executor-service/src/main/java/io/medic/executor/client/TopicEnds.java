package io.medic.executor.client;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The end offsets of a topic's partitions right now: where "caught up" is. */
@ApplicationScoped
public class TopicEnds {

    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new ConcurrentHashMap<>();

    public TopicEnds(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** partition -> end offset. */
    public Map<Integer, Long> of(String topic, Duration timeout) throws Exception {
        List<TopicPartition> parts = partitions.get(topic);
        if (parts == null) {
            parts = admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            partitions.put(topic, parts);
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((p, info) -> ends.put(p.partition(), info.offset()));
        return ends;
    }

    void close(@Observes ShutdownEvent event) {
        admin.close(Duration.ofSeconds(2));
    }
}
