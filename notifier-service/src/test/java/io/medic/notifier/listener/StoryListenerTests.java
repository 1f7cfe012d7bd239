package io.medic.notifier.listener;

import io.medic.events.DeadLetter;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Topics;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class StoryListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern PROCESSED = Pattern.compile(
            "medic_events_consumed_total\\{outcome=\"processed\",service=\"notifier-service\",type=\"medic.execution.v1\"} ([0-9.]+)");

    private static double processedExecutions() {
        Matcher m = PROCESSED.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void readsExecutionsAndDeadLettersWhatItCannotRead() {
        double before = processedExecutions();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            String broken = "{\"planId\":\"plan-" + UUID.randomUUID() + "\",\"phase\":\"LIVE\",\"stepIndex\":-1,\"status\":\"FINISHED\",\"at\":\"2026-11-24T00:00:00Z\"}";
            kafka.send(Topics.EXECUTIONS, "p", broken, Map.of("ce_type", "medic.execution.v1"));
            Execution execution = new Execution("plan-" + UUID.randomUUID(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN,
                    null, ExecutionStatus.FINISHED, Outcome.SUCCEEDED, "done", "", Instant.now(), Instant.now());
            kafka.send(Topics.EXECUTIONS, execution.planId(), EventCodec.encode(execution),
                    Map.of("ce_type", "medic.execution.v1"));

            DeadLetter letter = EventCodec.decode(kafka.awaitOne(Topics.DEAD_LETTER,
                    r -> new String(EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8)
                            .equals(broken), WAIT).value(), DeadLetter.class);
            assertThat(letter.service()).isEqualTo("notifier-service");
            assertThat(letter.reason()).contains("outcome");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(processedExecutions()).isEqualTo(before + 1));
    }
}
