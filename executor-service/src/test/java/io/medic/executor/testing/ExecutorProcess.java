package io.medic.executor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged executor ({@code target/quarkus-app/quarkus-run.jar}) as a real process, configured by
 * environment variables as an operator would, and killed for real: {@code kill -9 <pid>}.
 */
public final class ExecutorProcess implements AutoCloseable {

    private static final Duration READY = Duration.ofMinutes(3);
    private static int launched;

    private final Process process;
    private final int port;
    private final Path log;

    private ExecutorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("medic.executor.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the process tests run after `mvn package`");
        }
        return jar;
    }

    /** Starts the executor and waits until it is ready (Kafka connected, its ledger read back). */
    public static ExecutorProcess start(Map<String, String> env, Path logDir) {
        int port = freePort();
        Path log = logDir.resolve("executor-" + (++launched) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String opts = System.getProperty("medic.executor.java-opts", "").strip();
        command.addAll(opts.isEmpty() ? List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                : List.of(opts.split("\\s+")));
        command.addAll(List.of("-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dhttp2.disable=true", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            ExecutorProcess executor = new ExecutorProcess(process, port, log);
            executor.awaitReady();
            return executor;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(READY).alias("executor ready (log: " + log + ")").pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the executor exited (" + process.exitValue() + "):\n" + log());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no goodbye; the process is gone when this returns. */
    public void kill9() {
        try {
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -9 " + process.pid() + " failed");
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the executor survived kill -9");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public Path logFile() {
        return log;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
