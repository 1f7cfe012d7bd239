package io.medic.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.doctor.schema.DatabaseTarget;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.SnapshotReader;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.events.schema.SchemaShape;
import io.medic.executor.testing.ExecutionRecords;
import io.medic.executor.testing.ExecutorProcess;
import io.medic.executor.testing.Incident;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaBroker;
import io.medic.testsupport.KafkaTestClient;
import io.medic.testsupport.ThrowawayDatabase;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * The executor benchmark's driver (bench/executor/run.sh): the decision-to-first-step latency over many
 * read-only plans, then the seed plan's total time with and without rehearsal, against the packaged executor
 * as a child process. Prints figures only.
 */
public final class ExecutorBench {

    private static final Duration WAIT = Duration.ofMinutes(5);

    private ExecutorBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int decisions = Integer.parseInt(opts.getOrDefault("decisions", "200"));
        int warmUp = Integer.parseInt(opts.getOrDefault("warm-up", "20"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        FixtureForm form = FixtureForm.valueOf(opts.getOrDefault("form", "linear").toUpperCase());
        Duration settle = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("settle", "0")));
        Path logs = Files.createDirectories(Path.of(opts.getOrDefault("logs", "target")).resolve("executor-bench"));
        System.setProperty("medic.executor.java-opts", opts.getOrDefault("java-opts", ""));

        say("starting the Kafka broker (child JVM) and the Fabric8 mock API server (CRUD mode)");
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopics(List.of(Topics.SIGNALS, Topics.EXECUTIONS, Topics.DEAD_LETTER), List.of(Topics.PLANS, Topics.DECISIONS));
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = api.createClient();
        Path work = Files.createTempDirectory("medic-executor-bench-");

        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
             TestCluster cluster = new TestCluster(client)) {
            latency(kafka, cluster, env(broker, client, work, null, true), logs, decisions, warmUp);
            for (boolean rehearse : new boolean[]{true, false}) {
                seedPlan(kafka, cluster, broker, client, work, logs, form, settle, runs, rehearse);
            }
        } finally {
            client.close();
            api.destroy();
        }
        System.exit(0);
    }

    private static Map<String, String> env(KafkaBroker broker, KubernetesClient client, Path work, Path project, boolean rehearse) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", client.getConfiguration().getMasterUrl());
        env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
        env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "default");
        env.put("MEDIC_EXECUTOR_MIGRATION_RUNNER", "local");
        if (project != null) {
            env.put("MEDIC_EXECUTOR_LOCAL_PROJECT", project.toString());
        }
        env.put("MEDIC_EXECUTOR_LOCAL_WORK_DIR", work.resolve("work").toString());
        env.put("MEDIC_EXECUTOR_GROUP", "bench-" + UUID.randomUUID());
        env.put("MEDIC_EXECUTOR_REHEARSE", Boolean.toString(rehearse));
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        return env;
    }

    /** Decision on Kafka -> the plan's first step STARTED, over read-only plans on a database at head. */
    private static void latency(KafkaTestClient kafka, TestCluster cluster, Map<String, String> env, Path logs, int decisions,
                                int warmUp) throws Exception {
        Path dir = Files.createTempDirectory("medic-bench-head-");
        try (ThrowawayDatabase db = new ThrowawayDatabase("bench at head").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.BRANCHED, dir, db);
            project.upgrade("head");
            Prescription healthy = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
            SchemaSnapshot snapshot = SnapshotReader.read(DatabaseTarget.parse(project.databaseUrl()), "public");
            SchemaShape shape = snapshot.model().toShape();
            List<Step> steps = List.of(new Step.VerifyPrecondition(snapshot.versionRows(), snapshot.fingerprint()),
                    new Step.VerifyPostcondition(snapshot.versionRows(), shape, shape.fingerprint()));
            String ns = TestCluster.namespace("bench-latency");
            cluster.secret(ns, db.url());
            WorkloadRef workload = new WorkloadRef(ns, "Deployment", "basketball-api");

            say("starting the executor for the latency run");
            try (ExecutorProcess executor = ExecutorProcess.start(env, logs)) {
                say(String.format("executor ready; RSS %d MB", rssMb(executor.pid())));
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < warmUp + decisions; i++) {
                    Plan plan = Plans.plan(workload, "branched", healthy.diagnosis(), steps, null, Instant.now().plusSeconds(3600));
                    Plans.publish(kafka, plan);
                    Instant sent = Instant.now();
                    Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
                    Execution first = ExecutionRecords.await(kafka, plan.id(), e -> e.phase() == ExecutionPhase.LIVE
                            && e.stepIndex() == 0 && e.status() == ExecutionStatus.STARTED, WAIT);
                    Execution end = ExecutionRecords.await(kafka, plan.id(), Execution::finished, WAIT);
                    if (end.outcome() != Outcome.SUCCEEDED) {
                        throw new IllegalStateException("latency plan ended " + end.outcome() + ": " + end.detail());
                    }
                    if (i >= warmUp) {
                        micros.add(Duration.between(sent, first.at()).toNanos() / 1000);
                    }
                }
                Collections.sort(micros);
                System.out.printf("decision -> first step STARTED over %d decisions (after %d warm-up): p50 %.1f ms, p90 %.1f ms,"
                                + " p99 %.1f ms, max %.1f ms; executor RSS %d MB%n", micros.size(), warmUp, pct(micros, 50),
                        pct(micros, 90), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0, rssMb(executor.pid()));
            }
        }
    }

    private static void seedPlan(KafkaTestClient kafka, TestCluster cluster, KafkaBroker broker, KubernetesClient client, Path work,
                                 Path logs, FixtureForm form, Duration settle, int runs, boolean rehearse) throws Exception {
        List<Long> totals = new ArrayList<>();
        ExecutorProcess executor = null;
        try {
            // the image's Alembic project, as the local runner runs it (a copy of the fixture form)
            Path project = work.resolve("project-" + form + "-" + rehearse);
            if (!Files.exists(project)) {
                io.medic.executor.testing.Fixtures.copy(AlembicProject.fixtureDirectory(form), project);
            }
            for (int r = 0; r < runs; r++) {
                try (Incident incident = Incident.create(form, "bench seed " + r)) {
                    if (executor == null) {
                        say("starting the executor, rehearse=" + rehearse);
                        executor = ExecutorProcess.start(env(broker, client, work, project, rehearse), logs);
                    }
                    String ns = TestCluster.namespace("bench-seed");
                    cluster.secret(ns, incident.secretUrl());
                    WorkloadRef workload = cluster.deployment(ns, "basketball-api", "registry.local/basketball-api:" + form);
                    cluster.controller(ns);
                    Plan plan = Plans.seed(incident, workload, form.toString(), cluster.healthServer(), settle);
                    Plans.publish(kafka, plan);
                    Instant sent = Instant.now();
                    Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
                    ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);
                    Execution end = records.finalRecord();
                    if (end.outcome() != Outcome.SUCCEEDED || !incident.versionRows().equals(List.of("024"))) {
                        throw new IllegalStateException("seed plan ended " + end.outcome() + ":\n" + records.text());
                    }
                    long total = Duration.between(sent, end.at()).toMillis();
                    totals.add(total);
                    StringBuilder steps = new StringBuilder();
                    for (Execution e : records.all()) {
                        if (e.status() != ExecutionStatus.STARTED && !e.finished() && (e.phase() == ExecutionPhase.LIVE
                                || Execution.REHEARSE.equals(e.stepType()))) {
                            steps.append(String.format(" %s%s %d ms;", e.phase() == ExecutionPhase.REHEARSAL ? "" : e.stepIndex() + ":",
                                    e.stepType(), Duration.between(e.startedAt(), e.at()).toMillis()));
                        }
                    }
                    System.out.printf("seed plan (%s, rehearse=%s, settle %ds) run %d: %d ms total;%s%n", form, rehearse,
                            settle.toSeconds(), r + 1, total, steps);
                }
            }
        } finally {
            if (executor != null) {
                executor.close();
            }
        }
        Collections.sort(totals);
        System.out.printf("seed plan (%s, rehearse=%s): median %d ms over %d runs (min %d, max %d)%n", form, rehearse,
                totals.get(totals.size() / 2), totals.size(), totals.get(0), totals.get(totals.size() - 1));
    }

    private static double pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static void say(String text) {
        System.out.println("[bench] " + text);
    }
}
