package io.medic.e2e;

import io.medic.events.Topics;
import io.medic.sandbox.Sandbox;
import io.medic.sandbox.SandboxOptions;
import io.medic.sandbox.basketball.BasketballApi;
import io.medic.testsupport.KafkaBroker;
import io.medic.testsupport.forge.ForgejoStandIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the incident needs, started once and only that: the Kafka broker (a child JVM), the sandbox
 * cluster with the basketball-api fixture, the Forgejo stand-in, and the four services as real processes
 * with their production configuration, only the endpoints overridden. Incidents ({@link Incident}) open
 * in it one after another, each in a namespace, a database and an issue of its own.
 */
public final class Pipeline implements AutoCloseable {

    public static final String FORGE_TOKEN_NAME = "forge";

    /** How the pipeline runs: the kubelet's back-off factor, and where the logs go. */
    public record Options(double backOffFactor, Path logs, Duration settle) {
        public static Options demo(Path logs) {
            return new Options(0.2, logs, Duration.ofSeconds(5));
        }

        public static Options tests(Path logs) {
            return new Options(0.1, logs, Duration.ofSeconds(3));
        }
    }

    private final Options options;
    private final Checkout checkout;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String approverToken = token();
    private final String viewerToken = token();
    private final String forgeToken = token();
    private KafkaBroker broker;
    private Sandbox sandbox;
    private BasketballApi fixture;
    private ForgejoStandIn forge;
    private Timeline timeline;
    private ServiceProcess detector;
    private ServiceProcess planner;
    private ServiceProcess executor;
    private ServiceProcess notifier;

    private Pipeline(Options options, Checkout checkout) {
        this.options = options;
        this.checkout = checkout;
    }

    /** Starts every part; on any failure, stops what it started and rethrows. */
    public static Pipeline start(Options options, Narrator narrator) {
        Pipeline p = new Pipeline(options, Checkout.find());
        try {
            p.startAll(narrator);
            return p;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Narrator narrator) {
        try {
            Files.createDirectories(options.logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        narrator.step("starting the Kafka broker (child JVM)");
        broker = KafkaBroker.shared(options.logs().resolve("kafka-broker.log"));
        // as the KafkaTopic resources of deploy/ do in a cluster: the topics exist before any service subscribes
        broker.createTopics(List.of(Topics.SIGNALS, Topics.EXECUTIONS, Topics.DEAD_LETTER),
                List.of(Topics.PLANS, Topics.DECISIONS));
        narrator.step("starting the sandbox cluster (API server, kubelet, controllers) and the basketball-api fixture");
        sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(options.backOffFactor())
                .withWorkDir(options.logs().resolve("sandbox")).keepingWorkDir(true));
        toClose.add(sandbox);
        fixture = BasketballApi.install(sandbox);
        forge = ForgejoStandIn.start(forgeToken);
        toClose.add(forge);
        timeline = new Timeline(broker.bootstrapServers());
        toClose.add(timeline);

        Path shim = ServiceProcess.writeShim(options.logs());
        detector = service("detector-service", Map.of(), shim);
        planner = service("planner-service", plannerConfig(), shim);
        executor = service("executor-service", executorConfig(), shim);
        notifier = service("notifier-service", notifierConfig(), shim);
        narrator.step("starting detector, planner, executor and notifier as processes");
        for (ServiceProcess s : services()) {
            s.start();
        }
        for (ServiceProcess s : services()) {
            s.awaitReady(Duration.ofSeconds(120));
        }
    }

    private Map<String, String> plannerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.profile", "demo");
        c.put("medic.planner.auth.tokens", "approver.operator=" + approverToken + ",viewer.watcher=" + viewerToken);
        c.put("medic.planner.sources.cache-dir", options.logs().resolve("planner-cache").toString());
        c.put("medic.planner.rollout.settle", options.settle().toString());
        c.put("medic.planner.rollout.timeout", "PT3M");
        return c;
    }

    private Map<String, String> executorConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("medic.executor.migration-runner", "job");
        c.put("medic.executor.job.poll-interval", "PT0.2S");
        c.put("medic.executor.local.work-dir", options.logs().resolve("executor-work").toString());
        return c;
    }

    private Map<String, String> notifierConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("medic.notifier.default-forge", FORGE_TOKEN_NAME);
        c.put("medic.notifier.forges." + FORGE_TOKEN_NAME + ".kind", "forgejo");
        c.put("medic.notifier.forges." + FORGE_TOKEN_NAME + ".base-url", forge.baseUrl());
        c.put("medic.notifier.forges." + FORGE_TOKEN_NAME + ".token", forgeToken);
        c.put("medic.notifier.approval-url", planner.url());
        return c;
    }

    /**
     * Another notifier replica (not started), as a second pod of the notifier's Deployment would be: the same
     * configuration, its consumer named {@code clientId} so that the group's assignment says which replica holds the
     * story topics. Closed with the pipeline, or before.
     */
    public ServiceProcess notifierReplica(String clientId) {
        Map<String, String> own = new LinkedHashMap<>(notifierConfig());
        own.put("mp.messaging.incoming.story.client.id", clientId);
        return service("notifier-service", clientId, own, ServiceProcess.writeShim(options.logs()));
    }

    private ServiceProcess service(String name, Map<String, String> own, Path shim) {
        return service(name, name, own, shim);
    }

    private ServiceProcess service(String name, String logName, Map<String, String> own, Path shim) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", broker.bootstrapServers());
        // Fabric8's own settings (the Quarkus ones are fixed at build time): the sandbox's API server, no kubeconfig
        props.put("kubernetes.master", sandbox.masterUrl());
        props.put("kubernetes.auth.tryKubeConfig", "false");
        props.put("kubernetes.auth.tryServiceAccount", "false");
        props.put("kubernetes.namespace", "default");
        props.putAll(own);
        List<String> jvm = new ArrayList<>(List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:MaxMetaspaceSize=160m"));
        if (Runtime.version().feature() >= 24) {
            jvm.add("--sun-misc-unsafe-memory-access=allow");
        }
        Path jar = checkout.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess process = new ServiceProcess(logName, jar, freePort(), props, jvm,
                options.logs().resolve(logName + ".log"), shim);
        toClose.add(0, process);
        return process;
    }

    public List<ServiceProcess> services() {
        return List.of(detector, planner, executor, notifier);
    }

    public ServiceProcess detector() {
        return detector;
    }

    public ServiceProcess planner() {
        return planner;
    }

    public ServiceProcess executor() {
        return executor;
    }

    public ServiceProcess notifier() {
        return notifier;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public BasketballApi fixture() {
        return fixture;
    }

    public ForgejoStandIn forge() {
        return forge;
    }

    public Timeline timeline() {
        return timeline;
    }

    public String approverToken() {
        return approverToken;
    }

    public String viewerToken() {
        return viewerToken;
    }

    public Options options() {
        return options;
    }

    public Checkout checkout() {
        return checkout;
    }

    /** Stops the services, the sandbox (every pod process) and the forge; the broker exits with this JVM. */
    @Override
    public void close() {
        for (AutoCloseable c : List.copyOf(toClose)) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("e2e: closing " + c + ": " + e);
            }
        }
        toClose.clear();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "medic-demo-" + HexFormat.of().formatHex(bytes);
    }
}
