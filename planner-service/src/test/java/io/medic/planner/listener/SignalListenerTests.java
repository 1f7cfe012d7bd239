package io.medic.planner.listener;

import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DeadLetter;
import io.medic.events.EventCodec;
import io.medic.events.Links;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.medic.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class SignalListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private static Signal signal(String incident) {
        return new Signal(incident, 1, SignalKind.OPENED, new WorkloadRef("shop", "Deployment", "checkout"), "5f6d",
                new ContainerRef("app", ContainerKind.APP, "shop/checkout:1.2.3", "1.2.3", "checkout-5f6d-abcde", null),
                null, 3, new SignatureMatch("generic.exception", 1, "medium", Map.of("exception", "KeyError: 'x'")),
                "KeyError: 'x'", List.of(), Links.NONE, Instant.now(), Instant.now());
    }

    private void sendSignal(Signal signal) {
        kafka.send(Topics.SIGNALS, signal.key(), EventCodec.encode(signal), Map.of("ce_type", "medic.signal.v1"));
    }

    @Test
    void aSignalBecomesAnAdvicePlanWithItsEvidence() {
        String incident = "inc-" + UUID.randomUUID();
        sendSignal(signal(incident));

        ConsumerRecord<String, byte[]> record = kafka.awaitOne(Topics.PLANS,
                r -> KafkaTestClient.text(r).contains(incident), WAIT);
        Plan plan = EventCodec.decode(record.value(), Plan.class);
        assertThat(record.key()).isEqualTo(plan.id());
        assertThat(header(record, "ce_type")).isEqualTo("medic.plan.v1");
        assertThat(plan.incidentId()).isEqualTo(incident);
        assertThat(plan.risk()).isEqualTo(Risk.NONE);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.summary()).contains("generic.exception", "shop/checkout");
        assertThat(plan.digestValid()).isTrue();
    }

    @Test
    void aSignalMissingARequiredFieldIsDeadLetteredAndTheNextOneIsStillPlanned() {
        String broken = "{\"sequence\":1,\"restartCount\":2,\"kind\":\"OPENED\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        kafka.send(Topics.SIGNALS, "shop/checkout", broken, Map.of("ce_type", "medic.signal.v1"));
        String incident = "inc-" + UUID.randomUUID();
        sendSignal(signal(incident));

        ConsumerRecord<String, byte[]> dead = kafka.awaitOne(Topics.DEAD_LETTER,
                r -> new String(EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8)
                        .equals(broken), WAIT);
        DeadLetter letter = EventCodec.decode(dead.value(), DeadLetter.class);
        assertThat(letter.service()).isEqualTo("planner-service");
        assertThat(letter.topic()).isEqualTo(Topics.SIGNALS);
        assertThat(letter.key()).isEqualTo("shop/checkout");
        assertThat(letter.reason()).contains("incidentId");
        assertThat(letter.headers()).containsEntry("ce_type", "medic.signal.v1");

        kafka.awaitOne(Topics.PLANS, r -> KafkaTestClient.text(r).contains(incident), WAIT);
    }

    @Test
    void aRecordOfAnotherEventTypeIsDeadLettered() {
        String marker = UUID.randomUUID().toString();
        kafka.send(Topics.SIGNALS, "shop/checkout", "{\"marker\":\"" + marker + "\"}", Map.of("ce_type", "medic.plan.v1"));

        ConsumerRecord<String, byte[]> dead = kafka.awaitOne(Topics.DEAD_LETTER,
                r -> new String(EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8)
                        .contains(marker), WAIT);
        assertThat(EventCodec.decode(dead.value(), DeadLetter.class).reason())
                .contains("ce_type is 'medic.plan.v1'");
    }
}
