package io.medic.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Digests;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.executor.domain.AlembicLog;
import io.medic.executor.testing.ExecutionRecords;
import io.medic.executor.testing.ExecutorProcess;
import io.medic.executor.testing.Incident;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaBroker;
import io.medic.testsupport.KafkaTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged executor as real processes (java -jar quarkus-run.jar) against the real Kafka broker, real
 * PostgreSQL and real Alembic (the local runner), the cluster on a standalone Fabric8 mock API server:
 * killed with kill -9 after each step in turn, and in the middle of an upgrade, it still ends at head with
 * no step run twice (Alembic's own log and the rows say so); two executors on one plan run it once; a dry
 * run writes nothing.
 */
class ExecutorProcessIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static KafkaBroker broker;
    private static KubernetesMockServer api;
    private static KubernetesClient client;

    @TempDir
    Path tmp;

    /** The executors' own logs, kept in target/executor-it/<test>/ for whoever reads a failure. */
    private Path logs;
    private KafkaTestClient kafka;
    private TestCluster cluster;
    private final List<ExecutorProcess> executors = new ArrayList<>();

    @BeforeAll
    static void infrastructure() {
        broker = KafkaBroker.shared();
        broker.createTopics(List.of(Topics.SIGNALS, Topics.EXECUTIONS, Topics.DEAD_LETTER), List.of(Topics.PLANS, Topics.DECISIONS));
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        api = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        client = api.createClient();
    }

    @AfterAll
    static void shutDown() {
        client.close();
        api.destroy();
    }

    @BeforeEach
    void connect(org.junit.jupiter.api.TestInfo test) throws IOException {
        logs = Files.createDirectories(Path.of("target", "executor-it", test.getTestMethod().orElseThrow().getName()));
        kafka = new KafkaTestClient(broker.bootstrapServers());
        cluster = new TestCluster(client);
    }

    @AfterEach
    void stop() {
        executors.forEach(ExecutorProcess::close);
        cluster.close();
        kafka.close();
    }

    private Map<String, String> env(Incident incident, String group, boolean dryRun) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", client.getConfiguration().getMasterUrl());
        env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
        env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "default");
        env.put("MEDIC_EXECUTOR_MIGRATION_RUNNER", "local");
        env.put("MEDIC_EXECUTOR_LOCAL_PROJECT", incident.project().directory().toString());
        env.put("MEDIC_EXECUTOR_LOCAL_WORK_DIR", tmp.resolve("work").toString());
        env.put("MEDIC_EXECUTOR_GROUP", group);
        env.put("MEDIC_EXECUTOR_DRY_RUN", Boolean.toString(dryRun));
        // the broker's minimum: a restarted executor gets the decisions partition of the one killed 6 s later
        env.put("MEDIC_EXECUTOR_SESSION_TIMEOUT_MS", "6000");
        return env;
    }

    private ExecutorProcess start(Map<String, String> env) {
        ExecutorProcess executor = ExecutorProcess.start(env, logs);
        executors.add(executor);
        return executor;
    }

    private Plan seed(Incident incident, String purpose) {
        String ns = TestCluster.namespace(purpose);
        cluster.secret(ns, incident.secretUrl());
        WorkloadRef workload = cluster.deployment(ns, "basketball-api", "registry.local/basketball-api:" + incident.form());
        cluster.controller(ns);
        return Plans.seed(incident, workload, incident.form().toString(), cluster.healthServer(), Duration.ofSeconds(1));
    }

    private static Predicate<Execution> ended(ExecutionPhase phase, int index) {
        return e -> e.phase() == phase && e.stepIndex() == index && e.status() != ExecutionStatus.STARTED;
    }

    /** Alembic's own output of every live upgrade attempt of the plan (the local runner's append-only logs). */
    private String alembicLiveLog(Plan plan) throws IOException {
        Path dir = tmp.resolve("work").resolve(Digests.shortSha256Hex(plan.id(), 16));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("l\\d+\\.log")).sorted().map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    private void assertHealedOnce(Incident incident, Plan plan, ExecutionRecords records) throws IOException {
        assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(incident.versionRows()).containsExactly("024");
        assertThat(incident.lostData()).as("data that must survive the plan").isEmpty();
        // no step's effect twice: each revision appears once in Alembic's own log, across every process
        List<String> ran = AlembicLog.upgradesRun(alembicLiveLog(plan));
        assertThat(ran).as("Alembic's log of every live attempt").doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("019", "021", "022", "023", "024");
        // each live step ended exactly once, and succeeded at most once
        for (int i = 0; i < plan.steps().size(); i++) {
            int index = i;
            List<Execution> ends = records.live().stream().filter(e -> e.stepIndex() == index
                    && e.status() != ExecutionStatus.STARTED).toList();
            assertThat(ends).as("end records of step " + i + "\n" + records.text()).hasSize(1);
        }
        assertThat(records.text()).doesNotContain(Incident.PASSWORD);
    }

    @Test
    void killedAfterEachStepInTurnItEndsAtHeadWithNoStepRunTwice() throws IOException {
        try (Incident incident = Incident.create(FixtureForm.LINEAR, "killed after each step")) {
            Plan plan = seed(incident, "kill-each");
            Map<String, String> env = env(incident, "executor-" + UUID.randomUUID(), false);
            ExecutorProcess executor = start(env);
            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));

            List<Predicate<Execution>> boundaries = new ArrayList<>();
            boundaries.add(ended(ExecutionPhase.LIVE, 0));
            boundaries.add(ended(ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN));
            IntStream.range(1, plan.steps().size()).forEach(i -> boundaries.add(ended(ExecutionPhase.LIVE, i)));
            int kills = 0;
            for (Predicate<Execution> boundary : boundaries) {
                ExecutionRecords.await(kafka, plan.id(), boundary.or(Execution::finished), WAIT);
                if (ExecutionRecords.of(kafka, plan.id()).all().stream().anyMatch(Execution::finished)) {
                    break;
                }
                executor.kill9();
                kills++;
                executor = start(env);
            }
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            assertThat(kills).as("killed after every step but the last").isGreaterThanOrEqualTo(plan.steps().size() - 1);
            assertHealedOnce(incident, plan, records);
        }
    }

    @Test
    void killedDuringAnUpgradeItWaitsForThatUpgradeAndDoesNotRunItAgain() throws IOException {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "killed mid upgrade")) {
            Plan plan = seed(incident, "kill-mid");
            Map<String, String> env = env(incident, "executor-" + UUID.randomUUID(), false);
            ExecutorProcess executor = start(env);
            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));

            int head = IntStream.range(0, plan.steps().size()).filter(i -> plan.steps().get(i) instanceof io.medic.events.Step.AlembicUpgrade u
                    && u.target().equals("head")).findFirst().orElseThrow();
            Path pid = tmp.resolve("work").resolve(Digests.shortSha256Hex(plan.id(), 16)).resolve("l" + head + ".pid");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(pid));
            executor.kill9();
            long alembic = Long.parseLong(Files.readString(pid).strip());
            assertThat(ProcessHandle.of(alembic).map(ProcessHandle::isAlive)).as("Alembic outlives the executor, as a Job would")
                    .contains(true);
            start(env);
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            assertHealedOnce(incident, plan, records);
            Execution upgrade = records.live().stream().filter(e -> e.stepIndex() == head && e.status() != ExecutionStatus.STARTED)
                    .findFirst().orElseThrow();
            assertThat(upgrade.status()).as("judged from the rows, not run again").isEqualTo(ExecutionStatus.SKIPPED);
            assertThat(upgrade.detail()).contains("already in effect", "{024}");
            assertThat(upgrade.output()).as("the orphaned attempt's log is kept").contains("Running upgrade 023 -> 024");
        }
    }

    @Test
    void twoExecutorsOnOnePlanRunItOnce() throws IOException {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "two executors")) {
            Plan plan = seed(incident, "two");
            // two replicas that both receive the decision (as after a rebalance): only the lock keeps them apart
            ExecutorProcess a = start(env(incident, "executor-a-" + UUID.randomUUID(), false));
            ExecutorProcess b = start(env(incident, "executor-b-" + UUID.randomUUID(), false));
            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
            ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            await().atMost(WAIT).until(() -> (a.log() + b.log()).contains("plan " + plan.id()
                    + " was executed meanwhile (SUCCEEDED) by another executor; nothing to do"));
            ExecutionRecords records = ExecutionRecords.of(kafka, plan.id());
            assertHealedOnce(incident, plan, records);
            assertThat(records.live(ExecutionStatus.STARTED)).extracting(Execution::stepIndex).doesNotHaveDuplicates();
            assertThat(records.all()).filteredOn(e -> Execution.REHEARSE.equals(e.stepType())
                    && e.status() == ExecutionStatus.STARTED).hasSize(1);
        }
    }

    @Test
    void aDryRunRehearsesAndWritesNothing() {
        try (Incident incident = Incident.create(FixtureForm.LINEAR, "dry run")) {
            Plan plan = seed(incident, "dry");
            String before = incident.dump();
            start(env(incident, "executor-" + UUID.randomUUID(), true));
            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.REHEARSED);
            assertThat(incident.dump()).as("pg_dump of the real database, before and after").isEqualTo(before);
            assertThat(records.all()).filteredOn(e -> Execution.REHEARSE.equals(e.stepType()))
                    .extracting(Execution::status).containsExactly(ExecutionStatus.STARTED, ExecutionStatus.SUCCEEDED);
            assertThat(records.live(ExecutionStatus.SUCCEEDED)).extracting(Execution::stepType).containsExactly("verify-precondition");
            assertThat(records.live(ExecutionStatus.SKIPPED)).hasSize(plan.steps().size() - 1)
                    .allSatisfy(e -> assertThat(e.detail()).startsWith("dry run: would "));
            assertThat(cluster.deploymentNow(plan.workload()).getSpec().getTemplate().getMetadata().getAnnotations())
                    .as("the cluster is not touched either").isNullOrEmpty();
        }
    }
}
