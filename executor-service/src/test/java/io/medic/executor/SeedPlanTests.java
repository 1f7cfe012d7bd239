package io.medic.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approved seed plan, end to end through the executor: Kafka in, real PostgreSQL and real Alembic (the
 * local runner), the cluster on the Fabric8 mock server. The incident's database ends at 024 with every
 * revision's effect and the custom_notes data intact, on both chains (the linear one needs 019 run alone
 * before the stamp, or the humans' plan skips it).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class SeedPlanTests {

    private static final Duration WAIT = Duration.ofSeconds(120);

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

    @ParameterizedTest(name = "{0}")
    @EnumSource(FixtureForm.class)
    void theApprovedSeedPlanBringsTheDatabaseToHeadWithTheDataIntact(FixtureForm form) {
        try (Incident incident = Incident.create(form, "seed " + form)) {
            String ns = TestCluster.namespace("seed-" + form);
            cluster.secret(ns, incident.secretUrl());
            WorkloadRef workload = cluster.deployment(ns, "basketball-api", AlembicProjects.image(form.toString()));
            cluster.controller(ns);
            int port = cluster.healthServer();
            Plan plan = Plans.seed(incident, workload, form.toString(), port, Duration.ofSeconds(1));

            double succeeded = metric("medic_executions_total", "outcome=\"succeeded\"");
            double rehearsalsPassed = metric("medic_rehearsals_total", "result=\"succeeded\"");
            double recoveries = metric("medic_time_to_recovery_seconds_count");
            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(incident.versionRows()).containsExactly("024");
            assertThat(incident.lostData()).as("data that must survive the plan").isEmpty();
            assertThat(incident.project().current()).as("alembic current").containsExactly("024");

            // every step ran once, in order, live; the rehearsal ran before the first write
            List<Execution> live = records.live(ExecutionStatus.SUCCEEDED);
            assertThat(live).extracting(Execution::stepIndex).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, plan.steps().size()).boxed().toList());
            assertThat(records.all()).filteredOn(e -> Execution.REHEARSE.equals(e.stepType()))
                    .extracting(Execution::status).containsExactly(ExecutionStatus.STARTED, ExecutionStatus.SUCCEEDED);
            int rehearsed = records.all().indexOf(records.all().stream().filter(e -> Execution.REHEARSE.equals(e.stepType())
                    && e.status() == ExecutionStatus.SUCCEEDED).findFirst().orElseThrow());
            int firstWrite = records.all().indexOf(records.live(ExecutionStatus.STARTED).stream()
                    .filter(e -> plan.steps().get(e.stepIndex()).type().writes()).findFirst().orElseThrow());
            assertThat(rehearsed).as("rehearsed before the first write").isLessThan(firstWrite);

            // Alembic's own log: each missing revision ran exactly once, 020 never (it was stamped)
            List<String> ran = io.medic.executor.domain.AlembicLog.upgradesRun(records.liveAlembicOutput());
            // on the fork Alembic runs 019 by itself under 'upgrade head'; on the linear chain the plan runs it alone first
            assertThat(ran).containsExactlyInAnyOrder("019", "021", "022", "023", "024");
            assertThat(records.text()).doesNotContain(Incident.PASSWORD);

            // the restart: the pod template carries the restartedAt annotation; the new pod answered
            assertThat(cluster.deploymentNow(workload).getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsKey("kubectl.kubernetes.io/restartedAt");
            assertThat(records.live().stream().filter(e -> e.stepType().equals("verify-http")
                    && e.status() == ExecutionStatus.SUCCEEDED).findFirst().orElseThrow().detail()).contains("HTTP 200");
            assertThat(plan.steps().get(plan.steps().size() - 1)).isInstanceOf(Step.VerifyPostcondition.class);
            assertThat(records.rehearsal()).filteredOn(e -> e.phase() == ExecutionPhase.REHEARSAL && e.stepIndex() >= 0
                    && e.status() == ExecutionStatus.SUCCEEDED).isNotEmpty();

            // the plan is counted once it ended: one more success, rehearsal and recovery time
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metric("medic_executions_total", "outcome=\"succeeded\"")).isEqualTo(succeeded + 1);
                assertThat(metric("medic_rehearsals_total", "result=\"succeeded\"")).isEqualTo(rehearsalsPassed + 1);
                assertThat(metric("medic_time_to_recovery_seconds_count")).isEqualTo(recoveries + 1);
            });
            assertThat(metric("medic_step_seconds_count", "type=\"alembic-stamp\"", "phase=\"live\"")).isPositive();
        }
    }

    /** The summed value on /q/metrics of the samples named {@code name} that carry every one of {@code labels}. */
    private static double metric(String name, String... labels) {
        double sum = 0;
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
