package io.medic.bench;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.EventCodec;
import io.medic.events.Links;
import io.medic.events.Plan;
import io.medic.events.SecretKeyRef;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.Termination;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.testsupport.KafkaBroker;
import io.medic.testsupport.ThrowawayDatabase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives the packaged planner: the seed incident's database (real Alembic), its workload and Secret in a
 * standalone Fabric8 mock API server (CRUD mode), signals on the real broker, one new incident per signal, at a
 * steady rate. Measures from each signal's send to its plan arriving on medic.plans; reads the planner's RSS
 * (VmRSS, VmHWM) at rest and after more plans. Every wait is bounded.
 */
public final class PlannerBench {

    private static final String NAMESPACE = "basketball-api";
    private static final String IMAGE = "registry.local/basketball-api:15f3047";

    public static void main(String[] args) {
        java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        int status = 0;
        try {
            bench(options(args));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void bench(Map<String, String> opts) throws Exception {
        int signals = Integer.parseInt(opts.getOrDefault("signals", "200"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "5"));
        int warmUp = Integer.parseInt(opts.getOrDefault("warm-up", "30"));
        int morePlans = Integer.parseInt(opts.getOrDefault("plans", "1000"));
        Path project = Path.of(opts.get("project"));
        List<String> javaOpts = Arrays.stream(opts.getOrDefault("java-opts", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();

        say("building the seed incident's database with real Alembic (upgrade 018, custom_notes by hand)");
        ThrowawayDatabase db = new ThrowawayDatabase("bench-planner").open();
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        alembic(project, db, "upgrade", "018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");

        say("starting the Kafka broker (child JVM)");
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopics(List.of(Topics.SIGNALS, Topics.EXECUTIONS, Topics.DEAD_LETTER),
                List.of(Topics.PLANS, Topics.DECISIONS));

        say("starting the Fabric8 mock API server (CRUD mode) with the workload and its database Secret");
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        NamespacedKubernetesClient client = api.createClient();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("basketball-api").withNamespace(NAMESPACE)
                .addToAnnotations("medic.io/health-path", "/health")
                .addToAnnotations("medic.io/database-secret", "basketball-db/url").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "basketball-api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "basketball-api").endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage(IMAGE)
                .withPorts(new ContainerPortBuilder().withContainerPort(8000).build()).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("basketball-db")
                .withNamespace(NAMESPACE).endMetadata().withData(Map.of("url", Base64.getEncoder()
                        .encodeToString(db.url().getBytes(StandardCharsets.UTF_8)))).build()).create();

        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaOpts);
        command.addAll(List.of("-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
                "-jar", opts.get("planner-jar")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(opts.getOrDefault("planner-log", "planner.log")));
        builder.environment().putAll(Map.of(
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", client.getConfiguration().getMasterUrl(),
                "QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true",
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "QUARKUS_HTTP_PORT", Integer.toString(httpPort),
                "MEDIC_PLANNER_AUTH_TOKENS", "approver.bench=bench-approver-token",
                "MEDIC_PLANNER_SOURCES_CACHE_DIR", opts.getOrDefault("cache-dir", "planner-cache")));
        say("starting the planner: " + String.join(" ", javaOpts) + " -jar " + opts.get("planner-jar"));
        Instant started = Instant.now();
        Process planner = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(planner::destroyForcibly));
        String versions = "dir:" + project.resolve("versions");
        try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers());
             KafkaConsumer<String, byte[]> plans = consumer(broker.bootstrapServers())) {
            awaitReady(planner, httpPort, Duration.ofMinutes(3));
            say(String.format("planner ready in %.1f s", Duration.between(started, Instant.now()).toMillis() / 1000.0));
            List<TopicPartition> partitions = plans.partitionsFor(Topics.PLANS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            plans.assign(partitions);
            plans.seekToEnd(partitions);
            partitions.forEach(plans::position);
            say("waiting 10 s at rest");
            planner.waitFor(10, TimeUnit.SECONDS);
            long restRss = rssKb(planner.pid(), "VmRSS");
            say("RSS at rest: " + restRss / 1024 + " MB");

            say("warming the planner up: " + warmUp + " signals, not measured");
            drive(producer, plans, "warm", warmUp, rate, versions);
            say("measuring: " + signals + " signals at " + rate + "/s, each a new incident of the seed");
            long[] latency = drive(producer, plans, "measure", signals, rate, versions);
            report(latency);
            say("RSS now: " + rssKb(planner.pid(), "VmRSS") / 1024 + " MB");

            say("driving " + morePlans + " more plans at " + Math.max(rate, 20) + "/s");
            drive(producer, plans, "load", morePlans, Math.max(rate, 20), versions);
            System.gc();
            planner.waitFor(5, TimeUnit.SECONDS);
            System.out.printf("planner RSS at rest: %d MB; after %d plans: %d MB (peak VmHWM %d MB)%n", restRss / 1024,
                    warmUp + signals + morePlans, rssKb(planner.pid(), "VmRSS") / 1024,
                    rssKb(planner.pid(), "VmHWM") / 1024);
            System.out.println(metricLines(httpPort));
        } finally {
            planner.destroy();
            planner.waitFor(20, TimeUnit.SECONDS);
            client.close();
            api.destroy();
            db.close();
        }
    }

    /** Sends {@code count} signals of new incidents at {@code rate}/s; returns each one's latency in microseconds. */
    private static long[] drive(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> plans, String tag,
                                int count, int rate, String versions) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> latency = new ConcurrentHashMap<>();
        long interval = 1_000_000_000L / Math.max(1, rate);
        long start = System.nanoTime();
        int sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60L + count * 2L);
        while ((sent < count || latency.size() < count) && System.nanoTime() < deadline) {
            while (sent < count && System.nanoTime() >= start + sent * interval) {
                String incident = "inc-bench-" + tag + "-" + sent;
                Signal signal = signal(incident, versions);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SIGNALS, signal.key(),
                        EventCodec.encode(signal));
                record.headers().add("ce_type", "medic.signal.v1".getBytes(StandardCharsets.UTF_8));
                sentAt.put(incident, System.nanoTime());
                producer.send(record);
                sent++;
            }
            for (ConsumerRecord<String, byte[]> r : plans.poll(Duration.ofMillis(5))) {
                long now = System.nanoTime();
                Plan plan = EventCodec.decode(r.value(), Plan.class);
                Long at = sentAt.get(plan.incidentId());
                if (at != null) {
                    latency.putIfAbsent(plan.incidentId(), TimeUnit.NANOSECONDS.toMicros(now - at));
                }
            }
        }
        if (latency.size() < count) {
            throw new IllegalStateException(tag + ": only " + latency.size() + " of " + count + " plans arrived in time");
        }
        return latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static Signal signal(String incident, String versions) {
        Instant now = Instant.now();
        return new Signal(incident, 1, SignalKind.OPENED, new WorkloadRef(NAMESPACE, "Deployment", "basketball-api"),
                "7d9f8c6b5", new ContainerRef("api", ContainerKind.APP, IMAGE, "15f3047", "basketball-api-7d9f8c6b5-x2x9q",
                null), new Termination(1, "Error", now), 2,
                new SignatureMatch("db.duplicate-column", 1, "high", Map.of("table", "players", "column", "custom_notes")),
                "psycopg2.errors.DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists",
                List.of(), new Links("forgejo_admin/basketball-api#183", new SecretKeyRef("basketball-db", "url"), versions),
                now, now);
    }

    private static void report(long[] sorted) {
        System.out.printf("signal -> plan on medic.plans over %d signals: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", sorted.length, pct(sorted, 50) / 1000.0, pct(sorted, 90) / 1000.0,
                pct(sorted, 99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void alembic(Path project, ThrowawayDatabase db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-m", "alembic", "-c",
                project.resolve("alembic.ini").toString(), "-x", "url=" + db.url()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("alembic " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static String metricLines(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder out = new StringBuilder("planner metrics:");
        body.lines().filter(l -> l.startsWith("medic_plans_total") || l.startsWith("medic_signals_total")
                        || l.startsWith("medic_signal_to_plan_seconds_count") || l.startsWith("medic_signal_to_plan_seconds_sum"))
                .forEach(l -> out.append("\n  ").append(l));
        return out.toString();
    }

    private static void awaitReady(Process planner, int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!planner.isAlive()) {
                throw new IllegalStateException("the planner exited with " + planner.exitValue() + "; see its log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            planner.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the planner was not ready within " + timeout);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, "0"));
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5"));
    }

    private static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static void say(String message) {
        System.out.println("[bench] " + message);
    }
}
