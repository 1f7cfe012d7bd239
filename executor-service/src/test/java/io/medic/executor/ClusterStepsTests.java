package io.medic.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.events.Blocker;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.Execution;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;
import io.medic.executor.testing.AlembicProjects;
import io.medic.executor.testing.CrudKubernetesServer;
import io.medic.executor.testing.ExecutionRecords;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image-drift plan (the seed's old image 737093f): a person approves rolling the container forward; the
 * executor patches the image, waits for the new pods and asks their health path. No database, no lock.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class ClusterStepsTests {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String OLD = "registry.local/basketball-api:737093f";
    private static final String NEW = "registry.local/basketball-api:15f3047";

    @Inject
    KubernetesClient client;

    private KafkaTestClient kafka;
    private TestCluster cluster;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient();
        cluster = new TestCluster(client);
    }

    @AfterEach
    void close() {
        cluster.close();
        kafka.close();
    }

    private Plan rollForward(WorkloadRef workload, String from, int port) {
        List<Step> steps = List.of(new Step.RollForwardImage(workload, TestCluster.CONTAINER, from, NEW),
                new Step.AwaitRollout(workload, Duration.ofSeconds(60), Duration.ofSeconds(1)),
                new Step.VerifyHttp(workload, port, "/health", 200, Duration.ofSeconds(20)));
        return Plans.plan(workload, "737093f", Diagnosis.needsHuman(new Blocker.NoRemedy("alembic.unknown-revision")), steps,
                null, Instant.now().plusSeconds(3600));
    }

    @Test
    void aPersonsApprovalRollsTheImageForwardAndTheNewPodsAreVerified() {
        String ns = TestCluster.namespace("roll-forward");
        WorkloadRef workload = cluster.deployment(ns, "basketball-api", OLD);
        cluster.controller(ns);
        Plan plan = rollForward(workload, OLD, cluster.healthServer());

        Plans.publish(kafka, plan);
        Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
        ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

        assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(cluster.deploymentNow(workload).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(NEW);
        assertThat(records.live(ExecutionStatus.SUCCEEDED)).extracting(Execution::stepType)
                .containsExactly("roll-forward-image", "await-rollout", "verify-http");
        assertThat(records.rehearsal()).as("nothing to rehearse").isEmpty();
    }

    @Test
    void aContainerRunningNeitherImageIsStale() {
        String ns = TestCluster.namespace("roll-stale");
        WorkloadRef workload = cluster.deployment(ns, "basketball-api", "registry.local/basketball-api:aaaaaaa");
        Plan plan = rollForward(workload, OLD, cluster.healthServer());

        Plans.publish(kafka, plan);
        Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
        ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

        assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.STALE);
        assertThat(records.finalRecord().detail()).contains("runs registry.local/basketball-api:aaaaaaa", "expects " + OLD);
        assertThat(cluster.deploymentNow(workload).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local/basketball-api:aaaaaaa");
    }
}
