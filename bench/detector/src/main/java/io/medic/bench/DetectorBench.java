package io.medic.bench;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetListBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.medic.events.EventCodec;
import io.medic.events.Signal;
import io.medic.events.Topics;
import io.medic.testsupport.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the packaged detector against a standalone Fabric8 mock API server (CRUD mode) and a real Kafka
 * broker, all on loopback: N pods (Deployment -> ReplicaSet -> Pod, Running and Ready) in the informer cache
 * (listed by the informers at start; see {@link #populate} for what the mock stores),
 * then M of them (one per Deployment) go into CrashLoopBackOff at a given rate. Prints the detection latency
 * from each status update to its signal arriving on medic.signals (p50/p90/p99/max), checks that M further
 * restarts add no signal, and reads the detector's peak RSS (VmHWM). Every wait is bounded.
 */
public final class DetectorBench {

    private static final String IMAGE = "registry.local/basketball-api:15f3047";
    private static final int PODS_PER_DEPLOYMENT = 10;
    private static final int DEPLOYMENTS_PER_NAMESPACE = 50;

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
        // the mock server's and the Kafka clients' threads must not keep the driver alive
        System.exit(status);
    }

    private static void bench(Map<String, String> opts) throws Exception {
        int pods = Integer.parseInt(opts.getOrDefault("pods", "10000"));
        int crashing = Integer.parseInt(opts.getOrDefault("crashing", "1000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "100"));
        int warmUpLoops = Integer.parseInt(opts.getOrDefault("warm-up", "100"));
        Path detectorJar = Path.of(opts.get("detector-jar"));
        String log = Files.readString(Path.of(opts.get("log")));
        List<String> javaOpts = List.of(opts.getOrDefault("java-opts", "").trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
        int deployments = pods / PODS_PER_DEPLOYMENT;
        if (crashing > deployments) {
            throw new IllegalArgumentException("at most one crashing pod per Deployment: crashing <= pods / " + PODS_PER_DEPLOYMENT);
        }

        say("starting the Kafka broker (child JVM)");
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopics(List.of(Topics.SIGNALS, Topics.DEAD_LETTER), List.of());

        say("starting the Fabric8 mock API server (CRUD mode)");
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        NamespacedKubernetesClient client = api.createClient();
        String apiUrl = client.getConfiguration().getMasterUrl();

        say("preparing " + (deployments + warmUpLoops) + " Deployments, their ReplicaSets and "
                + (deployments + warmUpLoops) * PODS_PER_DEPLOYMENT + " pods (" + warmUpLoops + " Deployments only to warm the detector up)");
        Instant t0 = Instant.now();
        List<Pod> crashPods = populate(client, api, deployments + warmUpLoops, crashing + warmUpLoops, log);
        // the extra Deployments come last: their one crashing pod each warms the detector up, unmeasured
        List<Pod> warmUpPods = new ArrayList<>(crashPods.subList(crashing, crashPods.size()));
        crashPods = new ArrayList<>(crashPods.subList(0, crashing));
        say(String.format("created in %.1f s", Duration.between(t0, Instant.now()).toMillis() / 1000.0));

        say("warming the broker's and the mock's request paths (a production API server and Kafka are warm)");
        warmUp(client, api, broker);

        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaOpts);
        command.addAll(List.of("-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dhttp2.disable=true", "-jar", detectorJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(opts.getOrDefault("detector-log", "detector.log")));
        builder.environment().putAll(Map.of(
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiUrl,
                "QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true",
                "QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "default",
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "QUARKUS_HTTP_PORT", Integer.toString(httpPort)));
        say("starting the detector: " + String.join(" ", javaOpts) + " -jar " + detectorJar);
        Instant started = Instant.now();
        Process detector = builder.start();
        AtomicBoolean done = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!done.get()) {
                detector.destroyForcibly();
            }
        }));
        try {
            awaitReady(detector, httpPort, Duration.ofMinutes(3));
            say(String.format("detector ready (signals read back, informers synced over %d pods) in %.1f s; RSS %d MB",
                    (deployments + warmUpLoops) * PODS_PER_DEPLOYMENT,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, rssKb(detector.pid(), "VmRSS") / 1024));
            if (!warmUpPods.isEmpty()) {
                say("warming the detector up: " + warmUpPods.size() + " crash loops of other workloads, not measured");
                warmUpDetector(client, broker, warmUpPods);
            }
            run(client, broker, crashPods, rate, detector);
            System.out.println(detectorLatency(httpPort));
        } finally {
            done.set(true);
            detector.destroy();
            detector.waitFor(20, TimeUnit.SECONDS);
            client.close();
            api.destroy();
        }
    }

    private static void run(NamespacedKubernetesClient client, KafkaBroker broker, List<Pod> crashPods, int rate, Process detector)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> latencyMs = new ConcurrentHashMap<>();
        List<String> extra = new ArrayList<>();
        java.util.Queue<Long> writeMicros = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SIGNALS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            say("driving " + crashPods.size() + " pods into CrashLoopBackOff at " + rate + "/s");
            ExecutorService driver = Executors.newFixedThreadPool(4);
            long intervalNanos = 1_000_000_000L / Math.max(1, rate);
            long start = System.nanoTime();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < crashPods.size(); i++) {
                Pod pod = crashPods.get(i);
                long due = start + i * intervalNanos;
                sends.add(driver.submit(() -> {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    long before = System.nanoTime();
                    sentAt.put(keyOf(pod), before);
                    crash(client, pod, 2);
                    writeMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - before));
                    return null;
                }));
                poll(consumer, sentAt, latencyMs, extra, Duration.ZERO);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (latencyMs.size() < crashPods.size() && System.nanoTime() < deadline) {
                poll(consumer, sentAt, latencyMs, extra, Duration.ofMillis(50));
            }
            for (Future<?> send : sends) {
                send.get(10, TimeUnit.SECONDS);
            }
            report(crashPods.size(), latencyMs);
            long[] steady = crashPods.subList(crashPods.size() / 10, crashPods.size()).stream().map(DetectorBench::keyOf)
                    .map(latencyMs::get).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sorted().toArray();
            if (steady.length > 0) {
                System.out.printf("  without the first %d measured: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        crashPods.size() / 10, pct(steady, 50) / 1000.0, pct(steady, 99) / 1000.0, steady[steady.length - 1] / 1000.0);
            }
            long[] writes = writeMicros.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("mock API server, status update round trip: p50 %.1f ms, p99 %.1f ms%n", pct(writes, 50) / 1000.0,
                    pct(writes, 99) / 1000.0);

            say("restarting every crashing pod once more (restart 3): a crash loop is one signal, not one per restart");
            List<Future<?>> again = new ArrayList<>();
            for (Pod pod : crashPods) {
                again.add(driver.submit(() -> {
                    crash(client, pod, 3);
                    return null;
                }));
            }
            for (Future<?> send : again) {
                send.get(60, TimeUnit.SECONDS);
            }
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < quietUntil) {
                poll(consumer, sentAt, latencyMs, extra, Duration.ofMillis(100));
            }
            System.out.printf("further signals after %d more restarts: %d%s%n", crashPods.size(), extra.size(),
                    extra.isEmpty() ? "" : " " + extra.subList(0, Math.min(5, extra.size())));
            driver.shutdownNow();
        }
        System.out.printf("detector peak RSS (VmHWM): %d MB; RSS now: %d MB%n", rssKb(detector.pid(), "VmHWM") / 1024,
                rssKb(detector.pid(), "VmRSS") / 1024);
    }

    /** The detector's own view (informer event -> broker ack), from its Prometheus histogram. */
    private static String detectorLatency(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        double sum = 0;
        double max = 0;
        double under500 = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("medic_detection_latency_seconds_count")) {
                count = value(line);
            } else if (line.startsWith("medic_detection_latency_seconds_sum")) {
                sum = value(line);
            } else if (line.startsWith("medic_detection_latency_seconds_max")) {
                max = value(line);
            } else if (line.startsWith("medic_detection_latency_seconds_bucket{le=\"0.5\"}")) {
                under500 = value(line);
            }
        }
        double heap = 0;
        double nonHeap = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                heap += value(line);
            } else if (line.startsWith("jvm_memory_used_bytes{area=\"nonheap\"")) {
                nonHeap += value(line);
            }
        }
        System.out.printf("detector JVM memory in use: heap %.0f MB, non-heap %.0f MB%n", heap / 1e6, nonHeap / 1e6);
        return String.format("detector's own histogram (informer event -> Kafka ack): %d signals, mean %.1f ms, max %.1f ms, %.1f%% under 500 ms",
                (long) count, count == 0 ? 0 : sum / count * 1000, max * 1000, count == 0 ? 0 : under500 / count * 100);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** A detector that has been running a while: its first crash loops (JIT, first sends) happen before the measurement. */
    private static void warmUpDetector(NamespacedKubernetesClient client, KafkaBroker broker, List<Pod> pods) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrapServers())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SIGNALS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (Pod pod : pods) {
                expected.add(keyOf(pod));
                crash(client, pod, 2);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!expected.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> expected.remove(r.key()));
            }
            if (!expected.isEmpty()) {
                throw new IllegalStateException(expected.size() + " warm-up crash loops gave no signal within 60 s");
            }
        }
    }

    /** Produce and status-update paths of the stand-ins exercised before the measured run; the detector is not running yet. */
    private static void warmUp(NamespacedKubernetesClient client, KubernetesMockServer api, KafkaBroker broker) throws Exception {
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all"),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < 3000; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("bench.warm-up", "k" + (i % 100), "warm-up " + i)).get();
            }
        }
        Pod scratch = client.pods().inNamespace("bench-warm-up").resource(new PodBuilder().withNewMetadata().withName("scratch")
                .withNamespace("bench-warm-up").endMetadata().withNewSpec().addNewContainer().withName("api").withImage(IMAGE)
                .endContainer().endSpec().build()).create();
        api.expect().get().withPath("/warm-up").andReturn(200, "x".repeat(8000)).always();
        for (int i = 0; i < 1000; i++) {
            crash(client, scratch, 0);
            client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder()
                    .uri(client.getMasterUrl() + "warm-up").build(), String.class).get();
        }
        client.pods().inNamespace("bench-warm-up").withName("scratch").delete();
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, Map<String, Long> sentAt, Map<String, Long> latencyMs,
                             List<String> extra, Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            long now = System.nanoTime();
            Long sent = sentAt.get(record.key());
            if (sent == null || latencyMs.containsKey(record.key())) {
                Signal s = EventCodec.decode(record.value(), Signal.class);
                extra.add(record.key() + " " + s.kind() + " " + s.restartCount());
            } else {
                latencyMs.put(record.key(), TimeUnit.NANOSECONDS.toMicros(now - sent));
            }
        }
    }

    private static void report(int expected, Map<String, Long> latencyMicros) {
        long[] sorted = latencyMicros.values().stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("signals received: %d of %d crash loops%n", sorted.length, expected);
        if (sorted.length == 0) {
            return;
        }
        System.out.printf("detection latency, status update -> record on Kafka: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(sorted, 50) / 1000.0, pct(sorted, 90) / 1000.0, pct(sorted, 99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Deployments spread over namespaces, each with a current ReplicaSet and running, Ready pods. The mock's
     * CRUD store answers every request by scanning all its objects (a real API server does not), so only what
     * changes during the run lives there: the pods that will crash. Everything the detector's informers list
     * at start (all 10,000 pods, the ReplicaSets, the Deployments) is served as those list responses.
     */
    private static List<Pod> populate(NamespacedKubernetesClient client, KubernetesMockServer api, int deployments, int crashing,
                                      String log) throws Exception {
        List<Pod> allPods = new ArrayList<>();
        List<ReplicaSet> replicaSets = new ArrayList<>();
        List<Deployment> allDeployments = new ArrayList<>();
        List<Pod> crashPods = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Pod>> created = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            String ns = String.format("bench-%02d", d / DEPLOYMENTS_PER_NAMESPACE);
            String name = String.format("app-%04d", d);
            String hash = String.format("%09x", 0x7d9f8c6b5L + d);
            Deployment deployment = new DeploymentBuilder()
                    .withNewMetadata().withNamespace(ns).withName(name).withUid(uid()).withResourceVersion("1")
                    .addToAnnotations("deployment.kubernetes.io/revision", "1").addToAnnotations("medic.io/issue", "acme/" + name + "#1")
                    .endMetadata()
                    .withNewSpec().withReplicas(PODS_PER_DEPLOYMENT).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer()
                    .withName("api").withImage(IMAGE).endContainer().endSpec().endTemplate().endSpec().build();
            ReplicaSet rs = new ReplicaSetBuilder()
                    .withNewMetadata().withNamespace(ns).withName(name + "-" + hash).withUid(uid()).withResourceVersion("1")
                    .addToLabels("pod-template-hash", hash).addToLabels("app", name).addToAnnotations("deployment.kubernetes.io/revision", "1")
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment").withName(name)
                            .withUid(deployment.getMetadata().getUid()).withController(true).build()).endMetadata()
                    .withNewSpec().withReplicas(PODS_PER_DEPLOYMENT).endSpec().build();
            allDeployments.add(deployment);
            replicaSets.add(rs);
            for (int p = 0; p < PODS_PER_DEPLOYMENT; p++) {
                Pod pod = runningPod(ns, name, hash, rs, p);
                if (p == 0 && d < crashing) {
                    created.add(pool.submit(() -> client.pods().inNamespace(ns).resource(pod).create()));
                } else {
                    allPods.add(pod);
                }
            }
        }
        for (Future<Pod> f : created) {
            Pod pod = f.get(5, TimeUnit.MINUTES);
            crashPods.add(pod);
            allPods.add(pod);
            String base = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
            api.expect().get().withPath(base + "/log?pretty=false&container=api&previous=true&tailLines=200").andReturn(200, log).always();
            api.expect().get().withPath("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/events?fieldSelector=involvedObject.name%3D"
                    + pod.getMetadata().getName()).andReturn(200, new EventListBuilder().build()).always();
        }
        pool.shutdown();
        api.expect().get().withPath("/api/v1/pods?resourceVersion=0")
                .andReturn(200, new PodListBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder().withResourceVersion("1").build()).withItems(allPods).build())
                .always();
        api.expect().get().withPath("/apis/apps/v1/replicasets?resourceVersion=0")
                .andReturn(200, new ReplicaSetListBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder().withResourceVersion("1").build()).withItems(replicaSets)
                        .build()).always();
        api.expect().get().withPath("/apis/apps/v1/deployments?resourceVersion=0")
                .andReturn(200, new DeploymentListBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder().withResourceVersion("1").build())
                        .withItems(allDeployments).build()).always();
        return crashPods;
    }

    private static Pod runningPod(String ns, String app, String hash, ReplicaSet rs, int index) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new PodBuilder()
                .withNewMetadata().withNamespace(ns).withName(app + "-" + hash + "-" + String.format("%05d", index)).withUid(uid())
                .withResourceVersion("1").withCreationTimestamp(now).addToLabels("app", app).addToLabels("pod-template-hash", hash)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withNodeName("node-" + (index % 50)).addNewContainer().withName("api").withImage(IMAGE)
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .addNewEnv().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef("url", "basketball-db", false)
                .endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withNewPort(8080).endHttpGet().endReadinessProbe()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0." + (index % 250) + ".1").withStartTime(now)
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewContainerStatus().withName("api").withImage(IMAGE).withImageID("sha256:" + "0".repeat(64)).withReady(true)
                .withStarted(true).withRestartCount(0).withNewState().withNewRunning().withStartedAt(now).endRunning().endState()
                .endContainerStatus().endStatus().build();
    }

    private static String uid() {
        return java.util.UUID.randomUUID().toString();
    }

    private static void crash(NamespacedKubernetesClient client, Pod pod, int restarts) {
        Instant started = Instant.now().minusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        Pod crashed = new PodBuilder(pod).withStatus(new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("api").withImage(IMAGE).withReady(false)
                        .withRestartCount(restarts)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withStartedAt(started.toString())
                        .withFinishedAt(started.plusSeconds(3 + restarts).toString()).endTerminated().endLastState().build())
                .build()).build();
        crashed.getMetadata().setResourceVersion(null);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(crashed).updateStatus();
    }

    private static String keyOf(Pod pod) {
        String rs = pod.getMetadata().getOwnerReferences().get(0).getName();
        return pod.getMetadata().getNamespace() + "/" + rs.substring(0, rs.lastIndexOf('-'));
    }

    private static void awaitReady(Process detector, int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!detector.isAlive()) {
                throw new IllegalStateException("the detector exited with " + detector.exitValue() + "; see its log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            detector.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the detector was not ready within " + timeout);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
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
                throw new IllegalArgumentException("unexpected argument " + args[i] + " in " + Arrays.toString(args));
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static void say(String message) {
        System.out.println("[bench] " + message);
    }
}
