package io.medic.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Medic service as a real process, started from its packaged {@code quarkus-app/quarkus-run.jar} with its
 * production configuration and only the endpoints overridden. It runs under the sandbox's shim, so it dies
 * with this JVM however this JVM ends; {@link #kill()} is a real SIGKILL of the service's JVM, and
 * {@link #start()} again starts a new process with the same configuration and log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private final Path shim;
    private final List<String> jvmOptions;
    private Process shimProcess;
    private long peakRssKb;

    ServiceProcess(String name, Path jar, int port, Map<String, String> properties, List<String> jvmOptions,
                   Path log, Path shim) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = new LinkedHashMap<>(properties);
        this.properties.put("quarkus.http.port", Integer.toString(port));
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = log;
        this.shim = shim;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Starts the process (a new one if it was killed or stopped); returns at once. */
    public synchronized ServiceProcess start() {
        if (running()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (bin/medic demo builds them)");
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-I", "-S", shim.toString(),
                Long.toString(ProcessHandle.current().pid()),
                ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            shimProcess = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the log's tail. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!running()) {
                throw new IllegalStateException(name + " exited while starting:\n" + tail(40));
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail(40));
    }

    /** The HTTP status of a GET on the service, or -1 when it does not answer. */
    public int status(String path) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public synchronized boolean running() {
        return shimProcess != null && shimProcess.isAlive();
    }

    /** The service's JVM (the shim's child), while it runs. */
    public synchronized Optional<ProcessHandle> jvm() {
        return shimProcess == null ? Optional.empty() : shimProcess.children().findFirst();
    }

    /** kill -9 of the service's JVM, as an OOM killer or a node failure would; returns once it is gone. */
    public synchronized void kill() {
        Optional<ProcessHandle> jvm = jvm();
        jvm.ifPresent(h -> {
            samplePeakRss();
            h.destroyForcibly();
        });
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM (the service shuts down gracefully), then SIGKILL after a grace period. */
    public synchronized void stop() {
        if (shimProcess == null) {
            return;
        }
        samplePeakRss();
        jvm().ifPresent(ProcessHandle::destroy);
        if (!awaitExit(Duration.ofSeconds(15))) {
            jvm().ifPresent(ProcessHandle::destroyForcibly);
            shimProcess.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
    }

    /** The highest resident set size the service's JVMs reached so far (VmHWM), in kB. */
    public synchronized long peakRssKb() {
        samplePeakRss();
        return peakRssKb;
    }

    private void samplePeakRss() {
        jvm().ifPresent(h -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // the process ended meanwhile: keep what was sampled
            }
        });
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return shimProcess == null || shimProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the sandbox's process shim (dies with this JVM) into {@code dir}. */
    static Path writeShim(Path dir) {
        try (InputStream in = ServiceProcess.class.getResourceAsStream("/io/medic/sandbox/kubelet/shim.py")) {
            if (in == null) {
                throw new IllegalStateException("the sandbox's shim.py is not on the classpath");
            }
            Path shim = dir.resolve("service-shim.py");
            Files.write(shim, in.readAllBytes());
            return shim;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
