package io.medic.detector.client;

import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.EventCodec;
import io.medic.events.Links;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.Termination;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.detector.CrudKubernetesServer;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.medic.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
class SignalPublisherTests {

    @Inject
    SignalPublisher publisher;

    @Test
    void aSignalReachesTheBrokerAsABinaryCloudEventKeyedByWorkload() throws Exception {
        String incident = "inc-" + UUID.randomUUID();
        Signal signal = new Signal(incident, 1, SignalKind.OPENED,
                new WorkloadRef("basketball-api", "Deployment", "basketball-api"), "7d9f8c6b5",
                new ContainerRef("api", ContainerKind.APP, "registry.local/basketball-api:15f3047", "15f3047",
                        "basketball-api-7d9f8c6b5-x2x9q", null),
                new Termination(1, "Error", Instant.parse("2026-03-27T05:41:07Z")), 2,
                new SignatureMatch("db.duplicate-column", 1, "high", Map.of("table", "players")),
                "DuplicateColumn", List.of(), Links.NONE, Instant.parse("2026-03-27T05:41:07Z"),
                Instant.parse("2026-03-27T05:41:08Z"));

        publisher.publish(signal).toCompletableFuture().get(30, TimeUnit.SECONDS);

        try (KafkaTestClient kafka = new KafkaTestClient()) {
            ConsumerRecord<String, byte[]> record = kafka.awaitOne(Topics.SIGNALS,
                    r -> KafkaTestClient.text(r).contains(incident), Duration.ofSeconds(30));
            assertThat(record.key()).isEqualTo("basketball-api/basketball-api");
            assertThat(header(record, "ce_type")).isEqualTo("medic.signal.v1");
            assertThat(header(record, "ce_source")).isEqualTo("medic/detector-service");
            assertThat(header(record, "ce_subject")).isEqualTo("basketball-api/basketball-api");
            assertThat(header(record, "ce_id")).isEqualTo(incident + "/1");
            assertThat(header(record, "ce_time")).startsWith("2026-03-27T05:41:08");
            assertThat(EventCodec.decode(record.value(), Signal.class)).isEqualTo(signal);
        }
    }
}
