package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.medic.sandbox.apiserver.PodLog;
import io.medic.sandbox.cluster.Statuses;
import io.medic.sandbox.cluster.Timestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one pod, as the kubelet's pod worker and {@code SyncPod} do: init containers one after the other,
 * then the app containers; restarts by the pod's {@code restartPolicy} with the kubelet's back-off
 * ({@code CrashLoopBackOff}); readiness and liveness probes; the pod's status (phase, conditions, container
 * statuses) written after every change. Everything happens on the pod's own thread: events (a container
 * exited, a probe answered, a back-off elapsed, the pod is being deleted) are queued to it and each one
 * ends with {@link #sync()}, which looks at the whole pod and takes the next step.
 */
final class PodWorker {

    private static final Logger LOG = Logger.getLogger(PodWorker.class.getName());

    private final KubeletContext kubelet;
    private final Pod pod;
    private final String namespace;
    private final String name;
    private final String uid;
    private final String restartPolicy;
    private final List<PodContainer> inits = new ArrayList<>();
    private final List<PodContainer> apps = new ArrayList<>();
    private final Map<String, PodContainer> byName = new LinkedHashMap<>();
    private final ExecutorService loop;
    private final Map<String, PodCondition> conditions = new HashMap<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private String podIp;
    private Instant startTime;
    private boolean initialized;
    private String phase = "Pending";
    private boolean terminating;
    private boolean finished;
    private PodStatus published;

    PodWorker(KubeletContext kubelet, Pod pod) {
        this.kubelet = kubelet;
        this.pod = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        String policy = pod.getSpec().getRestartPolicy();
        this.restartPolicy = policy == null || policy.isEmpty() ? "Always" : policy;
        Path logs = kubelet.logsRoot().resolve(namespace + "_" + name + "_" + uid);
        List<Container> initSpecs = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        for (int i = 0; i < initSpecs.size(); i++) {
            PodContainer c = new PodContainer(initSpecs.get(i), true, logs.resolve(initSpecs.get(i).getName()));
            inits.add(c);
            byName.put(c.name(), c);
        }
        List<Container> appSpecs = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        for (int i = 0; i < appSpecs.size(); i++) {
            PodContainer c = new PodContainer(appSpecs.get(i), false, logs.resolve(appSpecs.get(i).getName()));
            if (!inits.isEmpty()) {
                c.waiting("PodInitializing", null);
            }
            apps.add(c);
            byName.put(c.name(), c);
        }
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubelet-" + namespace + "/" + name);
            t.setDaemon(true);
            return t;
        });
    }

    String key() {
        return namespace + "/" + name;
    }

    // ---- entry points (any thread)

    void admit() {
        submit(this::start);
    }

    /** The pod got a deletionTimestamp: stop its containers within the grace period, then let the API server remove it. */
    void delete(long graceSeconds) {
        submit(() -> stop(Duration.ofSeconds(Math.max(0, graceSeconds)), true));
    }

    /** The pod is gone from the API server (force-deleted): stop its containers. */
    void deleted() {
        submit(() -> stop(Duration.ofSeconds(Math.min(2, terminationGrace())), false));
    }

    /** Stops the pod's containers for the sandbox's shutdown; completes when they are gone. */
    CompletableFuture<Void> shutdown(Duration grace) {
        if (!submit(() -> stop(grace, false))) {
            stopped.complete(null);
        }
        return stopped.whenComplete((v, e) -> loop.shutdown());
    }

    PodLog log(String container, boolean previous) {
        PodContainer c;
        if (container == null || container.isEmpty()) {
            if (apps.size() != 1) {
                return PodLog.Error.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                        + apps.stream().map(PodContainer::name).toList().toString().replace(",", "")
                        + (inits.isEmpty() ? "" : " or one of the init containers: "
                        + inits.stream().map(PodContainer::name).toList().toString().replace(",", "")));
            }
            c = apps.get(0);
        } else {
            c = byName.get(container);
            if (c == null) {
                return PodLog.Error.badRequest("container " + container + " is not valid for pod " + name);
            }
        }
        return c.log(name, previous);
    }

    private boolean submit(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "kubelet: pod " + key() + ": " + e.getMessage(), e);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    private java.util.concurrent.ScheduledFuture<?> later(Duration delay, Runnable task) {
        return kubelet.scheduler().schedule(() -> submit(task), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    // ---- the pod's thread

    private void start() {
        startTime = Instant.now();
        List<Integer> ports = Stream.concat(inits.stream(), apps.stream())
                .flatMap(c -> c.spec.getPorts() == null ? Stream.<ContainerPort>empty() : c.spec.getPorts().stream())
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).distinct().toList();
        podIp = PodAddresses.allocate(ports);
        kubelet.events().normal(pod, null, "Scheduled", "Successfully assigned " + key() + " to " + kubelet.nodeName());
        setCondition("PodScheduled", true, null, null);
        setCondition("PodReadyToStartContainers", true, null, null);
        sync();
    }

    /** Looks at the whole pod and takes the next step: start, restart or wait for each container; then writes the status. */
    private void sync() {
        if (terminating || finished) {
            return;
        }
        Instant now = Instant.now();
        if (!initialized) {
            for (PodContainer init : inits) {
                if (init.waitingForRetry()) {
                    publish();
                    return;
                }
                if (init.running() || init.succeeded()) {
                    if (init.running()) {
                        publish();
                        return;
                    }
                    continue;
                }
                if (init.neverStarted()) {
                    launch(init);
                } else if (restartPolicy.equals("Never")) {
                    phase = "Failed";
                    finish();
                    return;
                } else {
                    restart(init, now);
                }
                publish();
                return;
            }
            initialized = true;
            apps.forEach(c -> {
                if (c.neverStarted()) {
                    c.waiting("ContainerCreating", null);
                }
            });
        }
        for (PodContainer c : apps) {
            if (c.running() || c.waitingForRetry()) {
                continue;
            }
            if (c.neverStarted() && c.finished() == null) {
                launch(c);
            } else if (shouldRestart(c)) {
                restart(c, now);
            }
        }
        phase = phase();
        publish();
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            finish();
        }
    }

    private boolean shouldRestart(PodContainer c) {
        ContainerStateTerminated t = c.finished();
        if (t == null) {
            // waiting for an image or a configuration: try again
            return true;
        }
        switch (restartPolicy) {
            case "Never":
                return false;
            case "OnFailure":
                return t.getExitCode() != 0;
            default:
                return true;
        }
    }

    /** A restart after the kubelet's back-off: now when it has elapsed, else waiting in CrashLoopBackOff until it has. */
    private void restart(PodContainer c, Instant now) {
        ContainerStateTerminated t = c.finished();
        if (t == null) {
            launch(c);
            return;
        }
        String key = uid + "/" + c.name();
        Instant finishedAt = c.finishedAtPrecise != null ? c.finishedAtPrecise : Timestamps.parse(t.getFinishedAt());
        Duration wait = kubelet.backOff().remaining(key, finishedAt, now);
        if (!wait.isZero()) {
            boolean first = c.state.getWaiting() == null || !"CrashLoopBackOff".equals(c.state.getWaiting().getReason());
            c.waiting("CrashLoopBackOff", "back-off " + BackOff.format(kubelet.backOff().current(key)) + " restarting failed container="
                    + c.name() + " pod=" + name + "_" + namespace + "(" + uid + ")");
            if (first) {
                kubelet.events().warning(pod, c.fieldPath, "BackOff", "Back-off restarting failed container " + c.name() + " in pod "
                        + name + "_" + namespace + "(" + uid + ")");
            }
            c.retry = later(wait, () -> retry(c));
            return;
        }
        kubelet.backOff().next(key, now);
        launch(c);
    }

    /** Pulls (resolves) the image, builds the environment and the command, and starts the container's process. */
    private void launch(PodContainer c) {
        Instant now = Instant.now();
        var image = kubelet.images().resolve(c.spec.getImage());
        String pullKey = uid + "/pull/" + c.name();
        if (image.isEmpty()) {
            boolean again = c.state.getWaiting() != null && ("ErrImagePull".equals(c.state.getWaiting().getReason())
                    || "ImagePullBackOff".equals(c.state.getWaiting().getReason()));
            kubelet.backOff().next(pullKey, now);
            c.waiting(again ? "ImagePullBackOff" : "ErrImagePull", again ? "Back-off pulling image \"" + c.spec.getImage() + "\""
                    : "failed to pull image \"" + c.spec.getImage() + "\": not in the sandbox's image registry " + kubelet.images().references());
            kubelet.events().warning(pod, c.fieldPath, "Failed", "Failed to pull image \"" + c.spec.getImage() + "\": not found");
            c.retry = later(kubelet.backOff().current(pullKey), () -> retry(c));
            return;
        }
        c.image = image.get();
        Map<String, String> env;
        try {
            env = ContainerEnvironment.build(kubelet.client(), pod, c.spec, c.image, podIp, kubelet.hostIp());
        } catch (ContainerEnvironment.ConfigError e) {
            String configKey = uid + "/config/" + c.name();
            kubelet.backOff().next(configKey, now);
            c.waiting("CreateContainerConfigError", e.getMessage());
            kubelet.events().warning(pod, c.fieldPath, "Failed", "Error: " + e.getMessage());
            c.retry = later(kubelet.backOff().current(configKey), () -> retry(c));
            return;
        } catch (KubernetesClientException e) {
            c.waiting("CreateContainerConfigError", "cannot read the container's configuration: " + e.getMessage());
            c.retry = later(Duration.ofSeconds(1), () -> retry(c));
            return;
        }
        Path workingDir = workingDirectory(c);
        List<String> argv;
        try {
            if (!Files.isDirectory(workingDir)) {
                // what runc says when the container's workingDir is not in its image
                throw new CommandLine.StartError("chdir to cwd (\"" + c.spec.getWorkingDir() + "\") set in config.json failed:"
                        + " no such file or directory");
            }
            argv = CommandLine.argv(c.image, c.spec, env, workingDir);
        } catch (CommandLine.StartError e) {
            c.startFailed(e.getMessage(), now);
            kubelet.events().warning(pod, c.fieldPath, "Failed", "Error: " + e.getMessage());
            submit(this::sync);
            return;
        }
        kubelet.events().normal(pod, c.fieldPath, "Pulled", "Container image \"" + c.spec.getImage() + "\" already present on machine");
        ContainerProcess process;
        try {
            Path log = c.nextInstanceLog();
            process = ContainerProcess.start(kubelet.shim(), argv, workingDir, env, log);
            kubelet.processes().add(process);
            ContainerProcess started = process;
            process.exit().whenComplete((code, e) -> kubelet.processes().remove(started));
        } catch (IOException e) {
            c.startFailed("failed to start the container's process: " + e.getMessage(), now);
            submit(this::sync);
            return;
        }
        c.started(process, now);
        kubelet.events().normal(pod, c.fieldPath, "Created", "Created container: " + c.name());
        kubelet.events().normal(pod, c.fieldPath, "Started", "Started container " + c.name());
        process.exit().thenAccept(code -> submit(() -> onExit(c, process, code)));
        scheduleProbes(c, process);
    }

    /** A back-off or retry of {@code c} has elapsed (on the pod's thread, so it cannot race the assignment of the timer). */
    private void retry(PodContainer c) {
        c.retry = null;
        sync();
    }

    private void onExit(PodContainer c, ContainerProcess process, int code) {
        if (!c.isInstance(process)) {
            return;
        }
        Instant now = Instant.now();
        c.exited(code, now);
        if (!terminating) {
            sync();
        }
    }

    // ---- probes

    private void scheduleProbes(PodContainer c, ContainerProcess process) {
        Probe readiness = c.init ? null : c.spec.getReadinessProbe();
        Probe liveness = c.init ? null : c.spec.getLivenessProbe();
        if (!Probes.supported(readiness)) {
            c.ready = !c.init;
        }
        if (!Probes.supported(readiness) && !Probes.supported(liveness)) {
            return;
        }
        Probe timing = Probes.supported(readiness) ? readiness : liveness;
        long initial = Math.max(200, Probes.initialDelay(timing).toMillis());
        c.probes = kubelet.probers().scheduleWithFixedDelay(() -> {
            Probes.Result ready = Probes.supported(readiness) ? Probes.run(readiness, c.spec, podIp) : null;
            Probes.Result live = Probes.supported(liveness) ? Probes.run(liveness, c.spec, podIp) : null;
            submit(() -> onProbe(c, process, readiness, ready, liveness, live));
        }, initial, Probes.period(timing).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onProbe(PodContainer c, ContainerProcess process, Probe readiness, Probes.Result ready, Probe liveness, Probes.Result live) {
        if (!c.isInstance(process) || terminating) {
            return;
        }
        if (ready != null) {
            if (ready.success()) {
                c.readinessFailures = 0;
                if (++c.readinessSuccesses >= Probes.successThreshold(readiness)) {
                    c.ready = true;
                }
            } else {
                c.readinessSuccesses = 0;
                if (++c.readinessFailures >= Probes.failureThreshold(readiness)) {
                    c.ready = false;
                }
                if (c.readinessFailures == Probes.failureThreshold(readiness)) {
                    kubelet.events().warning(pod, c.fieldPath, "Unhealthy", "Readiness probe failed: " + ready.failure());
                }
            }
        }
        if (live != null) {
            if (live.success()) {
                c.livenessFailures = 0;
            } else if (++c.livenessFailures >= Probes.failureThreshold(liveness)) {
                kubelet.events().warning(pod, c.fieldPath, "Unhealthy", "Liveness probe failed: " + live.failure());
                kubelet.events().normal(pod, c.fieldPath, "Killing", "Container " + c.name() + " failed liveness probe, will be restarted");
                c.killReason = "Error";
                ContainerProcess p = c.process;
                kubelet.scheduler().execute(() -> {
                    p.terminate();
                    if (!p.await(Duration.ofSeconds(terminationGrace()))) {
                        p.kill();
                    }
                });
            }
        }
        publish();
    }

    // ---- stopping

    private long terminationGrace() {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }

    private void stop(Duration grace, boolean finalizeInApi) {
        if (!terminating) {
            terminating = true;
            Stream.concat(inits.stream(), apps.stream()).filter(c -> c.retry != null).forEach(c -> c.retry.cancel(false));
            List<PodContainer> running = Stream.concat(inits.stream(), apps.stream()).filter(c -> c.process != null).toList();
            for (PodContainer c : running) {
                if (c.probes != null) {
                    c.probes.cancel(false);
                }
                kubelet.events().normal(pod, c.fieldPath, "Killing", "Stopping container " + c.name());
                c.process.terminate();
            }
            Instant deadline = Instant.now().plus(grace);
            for (PodContainer c : running) {
                ContainerProcess p = c.process;
                Duration left = Duration.between(Instant.now(), deadline);
                if (p != null && !p.await(left.isNegative() ? Duration.ZERO : left)) {
                    p.kill();
                }
                if (p != null) {
                    try {
                        c.exited(p.exit().get(5, TimeUnit.SECONDS), Instant.now());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                        c.exited(137, Instant.now());
                    }
                }
            }
            kubelet.backOff().forget(uid + "/");
        }
        if (finalizeInApi) {
            if (!finished) {
                phase = phase();
                publish();
            }
            kubelet.finalizeDeletion(namespace, name);
        }
        finished = true;
        stopped.complete(null);
    }

    private void finish() {
        finished = true;
        kubelet.backOff().forget(uid + "/");
    }

    // ---- status

    private String phase() {
        if (!initialized) {
            boolean failed = restartPolicy.equals("Never") && inits.stream().anyMatch(c -> c.finished() != null && !c.succeeded());
            return failed ? "Failed" : "Pending";
        }
        if (apps.stream().anyMatch(c -> c.neverStarted() && c.finished() == null)) {
            return "Pending";
        }
        boolean anyWillRun = apps.stream().anyMatch(c -> c.running() || c.state.getWaiting() != null
                || c.state.getTerminated() != null && shouldRestart(c));
        if (anyWillRun && !terminating) {
            return "Running";
        }
        boolean allSucceeded = apps.stream().allMatch(PodContainer::succeeded);
        return allSucceeded ? "Succeeded" : "Failed";
    }

    private void publish() {
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        List<String> incompleteInits = inits.stream().filter(c -> !c.succeeded()).map(PodContainer::name).toList();
        setCondition("Initialized", initialized || incompleteInits.isEmpty(), initialized ? null : "ContainersNotInitialized",
                initialized ? null : "containers with incomplete status: " + list(incompleteInits));
        List<String> unready = apps.stream().filter(c -> !c.ready).map(PodContainer::name).toList();
        boolean ready = unready.isEmpty() && !terminal && initialized;
        String reason = terminal ? "PodCompleted" : ready ? null : "ContainersNotReady";
        String message = terminal || ready ? null : "containers with unready status: " + list(unready.isEmpty() ? apps.stream().map(PodContainer::name).toList() : unready);
        setCondition("ContainersReady", ready, reason, message);
        setCondition("Ready", ready, reason, message);
        if (terminal) {
            setCondition("PodReadyToStartContainers", false, null, null);
        }
        PodStatus status = new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP(kubelet.hostIp())
                .withHostIPs(new HostIPBuilder().withIp(kubelet.hostIp()).build())
                .withPodIP(podIp)
                .withPodIPs(podIp == null ? List.of() : List.of(new PodIPBuilder().withIp(podIp).build()))
                .withStartTime(Timestamps.format(startTime))
                .withQosClass("BestEffort")
                .withConditions(Stream.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
                        .map(conditions::get).filter(Objects::nonNull).toList())
                .withInitContainerStatuses(inits.stream().map(PodContainer::status).collect(Collectors.toList()))
                .withContainerStatuses(apps.stream().map(PodContainer::status).collect(Collectors.toList()))
                .build();
        if (status.equals(published)) {
            return;
        }
        try {
            if (Statuses.replace(kubelet.client(), pod, status)) {
                published = status;
            }
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "kubelet: cannot write the status of " + key(), e);
            later(Duration.ofMillis(500), this::publish);
        }
    }

    private static String list(List<String> names) {
        return names.toString().replace(",", "");
    }

    private void setCondition(String type, boolean status, String reason, String message) {
        PodCondition current = conditions.get(type);
        String value = status ? "True" : "False";
        if (current != null && current.getStatus().equals(value) && Objects.equals(current.getReason(), reason)
                && Objects.equals(current.getMessage(), message)) {
            return;
        }
        String since = current != null && current.getStatus().equals(value) ? current.getLastTransitionTime() : Timestamps.now();
        conditions.put(type, new PodConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastProbeTime(null).withLastTransitionTime(since).build());
    }

    /**
     * The container's working directory: its {@code workingDir} (absolute paths are inside the image, whose directory
     * stands for the container's filesystem), else the image's own directory.
     */
    private static Path workingDirectory(PodContainer c) {
        String dir = c.spec.getWorkingDir();
        if (dir == null || dir.isBlank()) {
            return c.image.directory();
        }
        Path root = c.image.directory().toAbsolutePath().normalize();
        Path resolved = root.resolve(dir.replaceFirst("^/+", "")).normalize();
        return resolved.startsWith(root) ? resolved : root.resolve("..does-not-exist..");
    }
}
