package io.medic.planner.listener;

import io.medic.events.DeadLetter;
import io.medic.events.EventCodec;
import io.medic.events.Plan;
import io.medic.events.Topics;
import io.medic.messaging.DeadLetters;
import io.medic.planner.PlannerScenario;
import io.medic.planner.Plans;
import io.medic.planner.domain.IncidentSignals;
import io.medic.planner.domain.PlanBook;
import io.medic.planner.domain.PlanStatus;
import io.medic.testsupport.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The planner's state is the topics': a view rebuilt from medic.plans, medic.decisions and medic.executions (as a
 * restarted planner or a second replica builds it) answers what the running one answers; malformed plans,
 * decisions and signals reach the dead-letter topic with the reason, and the next record is processed.
 */
@QuarkusTest
class TopicViewTests extends PlannerScenario {

    @Inject
    DeadLetters deadLetters;

    private static DeadLetter deadLetterOf(String topic, String marker) {
        ConsumerRecord<String, byte[]> dead = new io.medic.testsupport.KafkaTestClient().awaitOne(Topics.DEAD_LETTER,
                r -> {
                    DeadLetter l = EventCodec.decode(r.value(), DeadLetter.class);
                    return l.topic().equals(topic) && new String(l.value(), StandardCharsets.UTF_8).contains(marker);
                }, WAIT);
        return EventCodec.decode(dead.value(), DeadLetter.class);
    }

    @Test
    void aRestartedPlannerOrASecondReplicaAnswersTheSame() {
        Instant now = Instant.now();
        Plan approved = Plans.stampPlan(workload(), newIncident(), now, now.plus(Duration.ofMinutes(30)), null);
        Plan awaiting = Plans.stampPlan(workload(), newIncident(), now, now.plus(Duration.ofMinutes(30)), null);
        String incident = newIncident();
        Plan older = Plans.stampPlan(workload(), incident, now, now.plus(Duration.ofMinutes(30)), null);
        Plan newer = Plans.stampPlan(workload(), incident, now.plusSeconds(1), now.plus(Duration.ofMinutes(31)), older.id());
        for (Plan p : new Plan[]{approved, awaiting, older, newer}) {
            publish(p);
        }
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", "Bearer " + VIEWER)
                .get("/plans/" + newer.id()).statusCode() == 200);
        given().header("Authorization", "Bearer " + APPROVER).contentType(ContentType.JSON)
                .body("{\"digest\":\"" + approved.digest() + "\",\"comment\":\"go\"}")
                .post("/plans/" + approved.id() + "/approve").then().statusCode(200);

        PlanBook rebuilt = new PlanBook();
        TopicView replica = new TopicView(rebuilt, new IncidentSignals(100), deadLetters,
                KafkaBroker.shared().bootstrapServers(), "medic-planner-view");
        replica.start();
        try {
            assertThat(replica.awaitCaughtUp(WAIT)).isTrue();
            Instant at = Instant.now();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(rebuilt.get(approved.id()).orElseThrow().status(at)).isEqualTo(PlanStatus.APPROVED);
                assertThat(rebuilt.get(approved.id()).orElseThrow().decision().by()).isEqualTo("alice");
                assertThat(rebuilt.get(awaiting.id()).orElseThrow().status(at)).isEqualTo(PlanStatus.AWAITING);
                assertThat(rebuilt.get(older.id()).orElseThrow().status(at)).isEqualTo(PlanStatus.SUPERSEDED);
                assertThat(rebuilt.live(incident).orElseThrow().id()).isEqualTo(newer.id());
            });
            for (Plan p : new Plan[]{approved, awaiting, older, newer}) {
                given().header("Authorization", "Bearer " + VIEWER).get("/plans/" + p.id()).then()
                        .body("status", equalTo(rebuilt.get(p.id()).orElseThrow().status(Instant.now()).apiName()));
            }
        } finally {
            replica.stop();
        }
    }

    @Test
    void aMalformedPlanIsDeadLetteredAndTheNextOneIsProcessed() {
        String marker = UUID.randomUUID().toString();
        kafka.send(Topics.PLANS, "plan-broken", "{\"id\":\"plan-broken\",\"marker\":\"" + marker + "\"}",
                Map.of("ce_type", "medic.plan.v1"));
        Instant now = Instant.now();
        Plan next = Plans.stampPlan(workload(), newIncident(), now, now.plus(Duration.ofMinutes(30)), null);
        publish(next);

        DeadLetter letter = deadLetterOf(Topics.PLANS, marker);
        assertThat(letter.service()).isEqualTo("planner-service");
        assertThat(letter.reason()).contains("malformed medic.plan.v1", "incidentId");
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", "Bearer " + VIEWER)
                .get("/plans/" + next.id()).statusCode() == 200);
    }

    @Test
    void aPlanWhoseDigestDoesNotMatchIsDeadLettered() {
        Instant now = Instant.now();
        Plan plan = Plans.stampPlan(workload(), newIncident(), now, now.plus(Duration.ofMinutes(30)), null);
        String tampered = EventCodec.encodeToString(plan).replace("alembic stamp 002", "alembic stamp 002 tampered");
        kafka.send(Topics.PLANS, plan.id(), tampered, Map.of("ce_type", "medic.plan.v1"));
        assertThat(deadLetterOf(Topics.PLANS, "tampered").reason()).contains("digest does not match");
        given().header("Authorization", "Bearer " + VIEWER).get("/plans/" + plan.id()).then().statusCode(404);
    }

    @Test
    void aMalformedDecisionIsDeadLettered() {
        String marker = UUID.randomUUID().toString();
        kafka.send(Topics.DECISIONS, "plan-x", "{\"planId\":\"plan-x\",\"kind\":\"MAYBE\",\"marker\":\"" + marker + "\"}",
                Map.of("ce_type", "medic.decision.v1"));
        assertThat(deadLetterOf(Topics.DECISIONS, marker).reason()).contains("malformed medic.decision.v1");
    }

    @Test
    void aMalformedSignalIsDeadLetteredAndTheNextOneIsStillPlanned() {
        String broken = "{\"sequence\":1,\"restartCount\":2,\"kind\":\"OPENED\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        kafka.send(Topics.SIGNALS, "shop/checkout", broken, Map.of("ce_type", "medic.signal.v1"));
        String incident = newIncident();
        publish(signal(incident, 1, "generic.exception", "shop/checkout:1.2.3", null));

        DeadLetter letter = deadLetterOf(Topics.SIGNALS, broken);
        assertThat(letter.reason()).contains("incidentId");
        assertThat(letter.headers()).containsEntry("ce_type", "medic.signal.v1");
        Plan advice = awaitPlan(incident);
        assertThat(advice.diagnoser()).isEqualTo("advice");
        assertThat(advice.steps()).isEmpty();
        assertThat(advice.summary()).contains("generic.exception", "no automatic remedy");
    }

    @Test
    void aRecordOfAnotherTypeOnTheSignalsTopicIsDeadLettered() {
        String marker = UUID.randomUUID().toString();
        kafka.send(Topics.SIGNALS, "shop/checkout", "{\"marker\":\"" + marker + "\"}", Map.of("ce_type", "medic.plan.v1"));
        assertThat(deadLetterOf(Topics.SIGNALS, marker).reason()).contains("ce_type is 'medic.plan.v1'");
    }
}
