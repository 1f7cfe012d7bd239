package io.medic.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker in a child JVM, one per test JVM, shared by every test class.
 * It listens on free loopback ports, and exits when the test JVM exits, however that happens
 * (the child watches its parent's pid). Its log is kept in {@code target/kafka-broker.log}.
 */
public final class KafkaBroker {

    private static final String CLASSPATH_RESOURCE = "META-INF/medic/kafka-broker.classpath";
    private static final String MAIN_CLASS = "io.medic.testsupport.broker.KafkaBrokerMain";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static KafkaBroker shared;

    private Process process;
    private final String bootstrapServers;
    private final Path directory;
    private final Path log;

    private KafkaBroker(Process process, String bootstrapServers, Path directory, Path log) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
        this.log = log;
    }

    /** The broker of this JVM, started on first use. */
    public static synchronized KafkaBroker shared() {
        return shared(null);
    }

    /**
     * The broker of this JVM, started on first use with its log in {@code logFile} (kept after the broker stops, as
     * the demo's other logs are); null: {@code target/kafka-broker.log}, or its own directory outside a module.
     */
    public static synchronized KafkaBroker shared(Path logFile) {
        if (shared == null || !shared.process.isAlive()) {
            shared = start(logFile);
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    /** Creates topics that do not exist yet; {@code compacted} ones get cleanup.policy=compact. */
    public void createTopics(Collection<String> topics, Collection<String> compacted) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Stream.concat(topics.stream(), compacted.stream()).distinct()
                    .filter(t -> !existing.contains(t))
                    .map(t -> compacted.contains(t)
                            ? new NewTopic(t, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT))
                            : new NewTopic(t, 1, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the broker (SIGKILL, as a crashed node) and starts it again on the same ports and data, waiting until it
     * serves: what was acknowledged before is still there, clients reconnect.
     */
    public synchronized void restart() {
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
            process = launch(directory, log, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitReady();
    }

    private static Process launch(Path directory, Path log, boolean append) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(directory.resolve("cluster-id"));
        Path clusterIdFile = directory.resolve("cluster-id").resolve("id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.level=WARN", "-Dkafka.logs.dir=" + directory.resolve("logs"),
                "-cp", brokerClasspath(), MAIN_CLASS,
                Long.toString(ProcessHandle.current().pid()), Files.readString(clusterIdFile).strip(),
                directory.resolve("server.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        return builder.start();
    }

    private static KafkaBroker start(Path logFile) {
        try {
            Path directory = Files.createTempDirectory("medic-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, serverProperties(directory.resolve("data"), port, controllerPort));
            Path log = logFile != null ? logFile : Path.of("target").toFile().isDirectory()
                    ? Path.of("target", "kafka-broker.log") : directory.resolve("kafka-broker.log");
            Process process = launch(directory, log, false);
            KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + port, directory, log);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ":\n" + tail());
            }
            if (listening()) {
                try (Admin admin = Admin.create(config)) {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // listening but not serving yet: poll again until the deadline
                }
            }
        }
        stop();
        throw new IllegalStateException("the Kafka broker was not ready within " + STARTUP_TIMEOUT + ":\n" + tail());
    }

    /** A plain TCP probe first, so the admin client is not left retrying (and logging) a closed port. */
    private boolean listening() {
        String[] hostPort = bootstrapServers.split(":");
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 200);
            return true;
        } catch (IOException closed) {
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log at " + log + ")";
        }
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", "1000000");
        StringBuilder text = new StringBuilder();
        p.stringPropertyNames().stream().sorted().forEach(k -> text.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return text.toString();
    }

    /** The broker's jars (listed at build time) plus the jar or directory holding its main class. */
    private static String brokerClasspath() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KafkaBroker.class.getClassLoader();
        URL resource = loader.getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath: depend on io.medic:test-kafka-broker");
        }
        String jars;
        try (InputStream in = resource.openStream()) {
            jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        String location = resource.toString();
        String own;
        if (location.startsWith("jar:file:")) {
            own = location.substring("jar:file:".length(), location.indexOf("!/"));
        } else if (location.startsWith("file:")) {
            own = location.substring("file:".length(), location.length() - CLASSPATH_RESOURCE.length());
        } else {
            throw new IllegalStateException("cannot locate the broker's main class from " + location);
        }
        return own + File.pathSeparator + jars;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
