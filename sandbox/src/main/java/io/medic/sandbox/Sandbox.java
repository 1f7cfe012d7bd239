package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.apiserver.ApiServer;
import io.medic.sandbox.apiserver.PodLog;
import io.medic.sandbox.controllers.ControllerManager;
import io.medic.sandbox.kubelet.Image;
import io.medic.sandbox.kubelet.ImageRegistry;
import io.medic.sandbox.kubelet.Kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A one-machine stand-in for a Kubernetes cluster: an API server (the Fabric8 mock server in CRUD mode, on
 * 127.0.0.1), a kubelet that runs pods as local processes from an {@link ImageRegistry}, and the Deployment,
 * ReplicaSet and Job controllers with a garbage collector. Other processes use it like a real cluster
 * through {@link #kubeconfig()} (or {@link #masterUrl()}); this one through {@link #client()}.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(0.05))) {
 *     sandbox.client().apps().deployments().inNamespace("demo").resource(deployment).create();
 *     ...
 * }   // every container process is gone
 * }</pre>
 *
 * Every process the kubelet starts dies with the sandbox: on {@link #close()}, on Ctrl-C / SIGTERM (a shutdown
 * hook closes the sandbox), and on kill -9 of this JVM (each container's shim watches this process).
 * See {@code sandbox/DESIGN.md}.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());
    private static final String TEMP_PREFIX = "medic-sandbox-";
    /** Held so that the levels stick (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIET = Stream.of("io.fabric8", "io.vertx", "io.netty", "org.eclipse.jgit")
            .map(Logger::getLogger).toList();

    /** {@code busybox}: the image's CMD is {@code sh}, as the real one's; its directory is empty. */
    public static final String BUSYBOX = "busybox:latest";
    /** {@code python:3}: CMD {@code python3}, Debian's /usr/bin/python3. */
    public static final String PYTHON = "python:3";

    private final SandboxOptions options;
    private final Path workDir;
    private final boolean ownWorkDir;
    private final ImageRegistry images;
    private final ApiServer apiServer;
    private final KubernetesClient systemClient;
    private final Kubelet kubelet;
    private final ControllerManager controllers;
    private final KubernetesClient client;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Duration startTime;

    private Sandbox(SandboxOptions options, Path workDir, boolean ownWorkDir, ImageRegistry images, ApiServer apiServer,
                    KubernetesClient systemClient, Kubelet kubelet, ControllerManager controllers, KubernetesClient client, Duration startTime) {
        this.options = options;
        this.workDir = workDir;
        this.ownWorkDir = ownWorkDir;
        this.images = images;
        this.apiServer = apiServer;
        this.systemClient = systemClient;
        this.kubelet = kubelet;
        this.controllers = controllers;
        this.client = client;
        this.startTime = startTime;
        this.shutdownHook = new Thread(this::close, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the API server, the kubelet and the controllers; returns when all of them are watching. */
    public static Sandbox start(SandboxOptions options) {
        Instant t0 = Instant.now();
        QUIET.forEach(l -> {
            if (l.getLevel() == null) {
                l.setLevel(Level.WARNING);
            }
        });
        Path workDir;
        boolean own = options.workDir() == null;
        try {
            if (own) {
                deleteLeftovers();
            }
            workDir = own ? Files.createTempDirectory(TEMP_PREFIX + ProcessHandle.current().pid() + "-")
                    : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox's work directory", e);
        }
        ApiServer apiServer = null;
        KubernetesClient system = null;
        Kubelet kubelet = null;
        ControllerManager controllers = null;
        // the API server starts first; pods/log is answered by the kubelet once it exists
        java.util.concurrent.atomic.AtomicReference<Kubelet> logs = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            apiServer = ApiServer.start(InetAddress.getByName("127.0.0.1"), options.apiPort(), workDir.resolve("kubeconfig"),
                    (ns, pod, container, previous) -> logs.get() == null ? PodLog.Error.notFound("pods \"" + pod + "\" not found")
                            : logs.get().read(ns, pod, container, previous));
            system = apiServer.newClient();
            for (String ns : List.of("default", "kube-system")) {
                system.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
            ImageRegistry images = new ImageRegistry();
            registerBaseImages(images, workDir.resolve("images"));
            kubelet = Kubelet.start(system, images, options.nodeName(), workDir.resolve("kubelet"), options.backOffFactor());
            logs.set(kubelet);
            controllers = ControllerManager.start(system, apiServer.deletions(), options.backOffFactor());
            KubernetesClient client = apiServer.newClient();
            return new Sandbox(options, workDir, own, images, apiServer, system, kubelet, controllers, client,
                    Duration.between(t0, Instant.now()));
        } catch (IOException | RuntimeException e) {
            if (controllers != null) {
                controllers.close();
            }
            if (kubelet != null) {
                kubelet.close();
            }
            if (system != null) {
                system.close();
            }
            if (apiServer != null) {
                apiServer.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static void registerBaseImages(ImageRegistry images, Path root) throws IOException {
        images.register(Image.of(BUSYBOX, Files.createDirectories(root.resolve("busybox")), List.of("sh"), Map.of()));
        images.register(Image.of(PYTHON, Files.createDirectories(root.resolve("python")), List.of("python3"),
                Map.of("LANG", "C.UTF-8", "PYTHONUNBUFFERED", "1")));
    }

    /** {@code http://127.0.0.1:<port>}: for {@code quarkus.kubernetes-client.api-server-url} and the like. */
    public String masterUrl() {
        return apiServer.masterUrl();
    }

    /** A kubeconfig file naming this sandbox (current context {@code medic-sandbox}): for {@code KUBECONFIG}. */
    public Path kubeconfig() {
        return apiServer.kubeconfig();
    }

    /** A client of the sandbox's API server, configured from {@link #kubeconfig()}; closed with the sandbox. */
    public KubernetesClient client() {
        return client;
    }

    /** The images the kubelet can run; register more before creating pods that use them. */
    public ImageRegistry images() {
        return images;
    }

    /** The sandbox's directory (kubeconfig, pod logs under {@code kubelet/pods}, images, git repositories). */
    public Path workDir() {
        return workDir;
    }

    public String nodeName() {
        return kubelet.nodeName();
    }

    public double backOffFactor() {
        return options.backOffFactor();
    }

    /** How long {@link #start} took. */
    public Duration startTime() {
        return startTime;
    }

    /**
     * A container's log as {@code GET pods/{pod}/log} answers it ({@code container} may be null for a pod with one
     * container; {@code previous}: the last terminated instance).
     *
     * @throws IllegalStateException with the API server's message when there is no such log
     */
    public String logsOf(String namespace, String pod, String container, boolean previous) {
        PodLog log = kubelet.read(namespace, pod, container, previous);
        if (log instanceof PodLog.Text text) {
            return text.text();
        }
        throw new IllegalStateException(((PodLog.Error) log).message());
    }

    /** Stops every container (SIGTERM, SIGKILL after the shutdown grace), the controllers and the API server. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        try {
            controllers.close();
            kubelet.stopAll(options.shutdownGrace());
            kubelet.close();
        } finally {
            client.close();
            systemClient.close();
            apiServer.close();
            if (ownWorkDir && !options.keepWorkDir()) {
                deleteTree(workDir);
            }
        }
    }

    /** Work directories of sandboxes whose JVM was killed (kill -9 leaves no chance to delete them). */
    private static void deleteLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(d -> {
                String[] parts = d.getFileName().toString().substring(TEMP_PREFIX.length()).split("-", 2);
                try {
                    if (parts.length == 2 && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException notOurs) {
                    // not named by a sandbox of this version
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot look for leftover sandbox directories in " + tmp, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete " + dir, e);
        }
    }
}
