package io.medic.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.doctor.Prescription;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Blocker;
import io.medic.events.DeadLetter;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.executor.testing.AlembicProjects;
import io.medic.executor.testing.CrudKubernetesServer;
import io.medic.executor.testing.ExecutionRecords;
import io.medic.executor.testing.Incident;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions the executor must refuse: each ends ABORTED with the reason, and the database is exactly as it
 * was (a full dump, rows included, compared before and after). Also what it must accept once only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class RefusalTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Incident incident;
    private static Prescription prescription;
    private static String namespace;

    @Inject
    KubernetesClient client;

    private KafkaTestClient kafka;
    private String before;
    private WorkloadRef workload;

    @BeforeEach
    void setUp() {
        kafka = new KafkaTestClient();
        if (incident == null) {
            incident = Incident.create(FixtureForm.BRANCHED, "refusals");
            prescription = incident.diagnose();
            namespace = TestCluster.namespace("refusals");
            TestCluster cluster = new TestCluster(client);
            cluster.secret(namespace, incident.secretUrl());
            cluster.deployment(namespace, "basketball-api", AlembicProjects.image("branched"));
        }
        workload = new WorkloadRef(namespace, "Deployment", "basketball-api");
        before = incident.dump();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(incident.dump()).as("the database after a refused plan").isEqualTo(before);
        kafka.close();
    }

    @AfterAll
    static void drop() {
        if (incident != null) {
            incident.close();
        }
    }

    private Plan seedPlan() {
        return Plans.plan(workload, "branched", prescription.diagnosis(), prescription.steps(), null,
                Instant.now().plusSeconds(3600));
    }

    private Execution refused(Plan plan, Decision decision) {
        Plans.publish(kafka, plan);
        Plans.publish(kafka, decision);
        ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);
        assertThat(records.all()).as("a refused plan has one record, its end").hasSize(1);
        Execution end = records.finalRecord();
        assertThat(end.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(end.detail()).contains("nothing was written");
        return end;
    }

    @Test
    void anApprovalOfAnotherDigestIsRefused() {
        Plan plan = seedPlan();
        Decision wrong = new Decision(plan.id(), DecisionKind.APPROVE, DecisionMode.MANUAL, "alice", "0000", null, null,
                Instant.now());
        assertThat(refused(plan, wrong).detail()).contains("names digest 0000");
    }

    @Test
    void aPlanAlteredAfterSealingIsRefused() {
        Plan sealed = seedPlan();
        Plan altered = new Plan(sealed.id(), sealed.incidentId(), sealed.workload(), sealed.migrationContainer(),
                sealed.database(), sealed.diagnoser(), sealed.risk(), "altered", sealed.diagnosis(), sealed.steps(), null,
                sealed.firstSeenAt(), sealed.createdAt(), sealed.expiresAt(), sealed.digest());
        assertThat(refused(altered, Plans.approval(sealed, DecisionMode.MANUAL)).detail()).contains("altered after sealing");
    }

    @Test
    void anExpiredPlanIsRefused() {
        Plan plan = Plans.plan(workload, "branched", prescription.diagnosis(), prescription.steps(), null,
                Instant.now().minusSeconds(1));
        assertThat(refused(plan, Plans.approval(plan, DecisionMode.MANUAL)).detail()).contains("expired");
    }

    @Test
    void aSupersededPlanIsRefusedEvenWhenItsApprovalComesFirst() {
        Plan old = seedPlan();
        Plan newer = Plans.plan(workload, "branched", prescription.diagnosis(), prescription.steps(), old.id(),
                Instant.now().plusSeconds(3600));
        Plans.publish(kafka, newer);
        assertThat(refused(old, Plans.approval(old, DecisionMode.MANUAL)).detail())
                .contains("superseded by plan " + newer.id());
    }

    @Test
    void aRejectedPlanIsReportedAndNotRun() {
        Plan plan = seedPlan();
        Decision reject = new Decision(plan.id(), DecisionKind.REJECT, DecisionMode.MANUAL, "bob", plan.digest(),
                "not during the game", null, Instant.now());
        assertThat(refused(plan, reject).detail()).contains("rejected by bob: not during the game");
    }

    @Test
    void anAutomaticApprovalOfAnImageChangeIsRefused() {
        List<Step> steps = List.of(new Step.RollForwardImage(workload, "api", AlembicProjects.image("branched"),
                AlembicProjects.image("linear")));
        Plan plan = Plans.plan(workload, "branched", prescription.diagnosis(), steps, null, Instant.now().plusSeconds(3600));
        assertThat(refused(plan, Plans.approval(plan, DecisionMode.AUTOMATIC)).detail())
                .contains("only a person's approval");
        assertThat(client.apps().deployments().inNamespace(namespace).withName("basketball-api").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(AlembicProjects.image("branched"));
    }

    @Test
    void aStepNamingARevisionTheDiagnosisDoesNotKnowIsRefused() {
        List<Step> steps = new ArrayList<>(prescription.steps());
        steps.add(1, new Step.AlembicStamp(List.of("f00dcafe"), false, List.of("018"), List.of("f00dcafe")));
        Plan plan = Plans.plan(workload, "branched", prescription.diagnosis(), steps, null, Instant.now().plusSeconds(3600));
        assertThat(refused(plan, Plans.approval(plan, DecisionMode.MANUAL)).detail())
                .contains("names revision f00dcafe, which the plan's diagnosis does not know");
    }

    @Test
    void anAdvicePlanFinishesWithNothingToDo() {
        Plan plan = Plans.plan(workload, "branched", Diagnosis.needsHuman(new Blocker.NoRemedy("generic.exception")),
                List.of(), null, Instant.now().plusSeconds(3600));
        Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
        Plans.publish(kafka, plan);
        Execution end = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT).finalRecord();
        assertThat(end.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(end.detail()).contains("advice only");
    }

    @Test
    void aRedeliveredApprovalDoesNotRunThePlanAgain() {
        Plan plan = Plans.plan(workload, "branched", Diagnosis.needsHuman(new Blocker.NoRemedy("generic.exception")),
                List.of(), null, Instant.now().plusSeconds(3600));
        Plans.publish(kafka, plan);
        Decision approval = Plans.approval(plan, DecisionMode.MANUAL);
        Plans.publish(kafka, approval);
        ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);
        Plans.publish(kafka, approval);
        // a marker plan published after the redelivery: once it is done, the redelivery was processed too
        Plan marker = Plans.plan(workload, "branched", Diagnosis.needsHuman(new Blocker.NoRemedy("generic.exception")),
                List.of(), null, Instant.now().plusSeconds(3600));
        Plans.publish(kafka, marker);
        Plans.publish(kafka, Plans.approval(marker, DecisionMode.MANUAL));
        ExecutionRecords.awaitFinished(kafka, marker.id(), WAIT);
        assertThat(ExecutionRecords.of(kafka, plan.id()).all()).hasSize(1);
    }

    @Test
    void aMalformedDecisionIsDeadLetteredAndTheNextOneIsProcessed() {
        String broken = "{\"planId\":\"plan-" + UUID.randomUUID() + "\",\"kind\":\"MAYBE\"}";
        kafka.send(Topics.DECISIONS, "x", broken, Map.of());
        DeadLetter letter = EventCodec.decode(kafka.awaitOne(Topics.DEAD_LETTER,
                r -> new String(EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8)
                        .equals(broken), WAIT).value(), DeadLetter.class);
        assertThat(letter.service()).isEqualTo("executor-service");
        assertThat(letter.reason()).contains("kind");
        anAdvicePlanFinishesWithNothingToDo();
    }
}
