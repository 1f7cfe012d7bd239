package io.medic.executor.listener;

import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.Diagnosis;
import io.medic.events.ContainerRef;
import io.medic.events.DeadLetter;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Step;
import io.medic.events.Topics;
import io.medic.events.Verdict;
import io.medic.events.WorkloadRef;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class DecisionListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final WorkloadRef WORKLOAD = new WorkloadRef("shop", "Deployment", "checkout");
    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    private static Plan plan(List<Step> steps, Instant expiresAt) {
        Instant now = Instant.now();
        return new Plan("plan-" + UUID.randomUUID(), "inc-" + UUID.randomUUID(), WORKLOAD,
                new ContainerRef("app", ContainerKind.APP, "shop/checkout:1", "1", "checkout-1", null), null, "advice",
                steps.isEmpty() ? Risk.NONE : Risk.LOW, "test plan",
                Diagnosis.needsHuman(new Blocker.NoRemedy("generic.exception")), steps, null, now, now, expiresAt,
                null).sealed();
    }

    private void publish(Plan plan) {
        kafka.send(Topics.PLANS, plan.id(), EventCodec.encode(plan), Map.of("ce_type", "medic.plan.v1"));
    }

    private void approve(Plan plan, String digest) {
        Decision decision = new Decision(plan.id(), DecisionKind.APPROVE, DecisionMode.MANUAL, "alice", digest, null,
                null, Instant.now());
        kafka.send(Topics.DECISIONS, plan.id(), EventCodec.encode(decision), Map.of("ce_type", "medic.decision.v1"));
    }

    private Execution finished(Plan plan) {
        return EventCodec.decode(kafka.awaitOne(Topics.EXECUTIONS, r -> plan.id().equals(r.key()), WAIT).value(),
                Execution.class);
    }

    @Test
    void anApprovedAdvicePlanFinishesWithNothingToDo() {
        Plan plan = plan(List.of(), Instant.now().plusSeconds(3600));
        publish(plan);
        approve(plan, plan.digest());

        Execution execution = finished(plan);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FINISHED);
        assertThat(execution.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(execution.detail()).contains("advice only");
    }

    @Test
    void anApprovalThatArrivesBeforeItsPlanWaitsForIt() {
        Plan plan = plan(List.of(), Instant.now().plusSeconds(3600));
        approve(plan, plan.digest());
        publish(plan);

        assertThat(finished(plan).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void anApprovalOfAnotherDigestIsRefused() {
        Plan plan = plan(List.of(), Instant.now().plusSeconds(3600));
        publish(plan);
        approve(plan, "0000");

        Execution execution = finished(plan);
        assertThat(execution.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(execution.detail()).contains("names digest 0000");
    }

    @Test
    void anExpiredPlanIsRefused() {
        Plan plan = plan(List.of(), Instant.now().minusSeconds(1));
        publish(plan);
        approve(plan, plan.digest());

        assertThat(finished(plan).detail()).contains("expired");
    }

    @Test
    void aPlanWithStepsThisVersionCannotRunIsRefusedBeforeWriting() {
        Plan plan = plan(List.of(new Step.RestartWorkload(WORKLOAD)), Instant.now().plusSeconds(3600));
        publish(plan);
        approve(plan, plan.digest());

        Execution execution = finished(plan);
        assertThat(execution.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(execution.detail()).contains("restart-workload", "nothing was written");
    }

    @Test
    void aMalformedDecisionIsDeadLettered() {
        String broken = "{\"planId\":\"plan-" + UUID.randomUUID() + "\",\"kind\":\"MAYBE\"}";
        kafka.send(Topics.DECISIONS, "x", broken, Map.of());

        DeadLetter letter = EventCodec.decode(kafka.awaitOne(Topics.DEAD_LETTER,
                r -> new String(EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8)
                        .equals(broken), WAIT).value(), DeadLetter.class);
        assertThat(letter.service()).isEqualTo("executor-service");
        assertThat(letter.reason()).contains("kind");
    }
}
