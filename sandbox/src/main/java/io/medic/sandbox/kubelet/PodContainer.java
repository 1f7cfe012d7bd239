package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.medic.sandbox.apiserver.PodLog;
import io.medic.sandbox.cluster.Timestamps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One container of a pod across its restarts, as the kubelet tracks it: which instance is current, its
 * state ({@code waiting} / {@code running} / {@code terminated}), the last termination, the restart count,
 * readiness, and the log file of each instance ({@code <n>.log}). Mutated only by its pod's worker thread;
 * the log lookup ({@link #log}) reads the volatile indices from the API server's thread.
 */
final class PodContainer {

    final Container spec;
    final boolean init;
    final String fieldPath;
    private final Path logDir;

    Image image;
    int restartCount;
    /** Instances started so far; instance n logs to {@code n.log}. */
    private int instances;
    ContainerProcess process;
    private int runningInstance = -1;
    String containerId;
    Instant startedAt;
    ContainerState state;
    ContainerStateTerminated last;
    boolean ready;
    int readinessSuccesses;
    int readinessFailures;
    int livenessFailures;
    ScheduledFuture<?> probes;
    /** Set when the container is being killed on purpose (failed liveness probe): the reason of its end. */
    String killReason;
    /** When the last instance ended, to the millisecond (the status shows whole seconds): the back-off counts from it. */
    Instant finishedAtPrecise;
    /** A pending retry (back-off, image pull, configuration): the container is left alone until it fires. */
    ScheduledFuture<?> retry;

    // read by the API server's thread for pods/log
    private volatile int stateInstance = -1;
    private volatile int lastInstance = -1;
    private volatile String waitingReason;

    PodContainer(Container spec, boolean init, Path logDir) {
        this.spec = spec;
        this.init = init;
        this.fieldPath = (init ? "spec.initContainers{" : "spec.containers{") + spec.getName() + "}";
        this.logDir = logDir;
        waiting(init ? "PodInitializing" : "ContainerCreating", null);
    }

    String name() {
        return spec.getName();
    }

    boolean neverStarted() {
        return instances == 0;
    }

    boolean running() {
        return state.getRunning() != null;
    }

    /** The termination of the instance that ended last, if it is shown as the current state or as the last one. */
    ContainerStateTerminated finished() {
        return state.getTerminated() != null ? state.getTerminated() : last;
    }

    boolean succeeded() {
        return state.getTerminated() != null && state.getTerminated().getExitCode() == 0;
    }

    void waiting(String reason, String message) {
        if (state != null && state.getTerminated() != null) {
            last = state.getTerminated();
            lastInstance = stateInstance;
        }
        state = new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
        stateInstance = -1;
        waitingReason = reason;
    }

    /** A new instance: its log file, with the previous instance's termination moved to lastState. */
    Path nextInstanceLog() throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(instances + ".log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        return log;
    }

    void started(ContainerProcess process, Instant at) {
        if (instances > 0) {
            restartCount++;
        }
        if (state.getTerminated() != null) {
            last = state.getTerminated();
            lastInstance = stateInstance;
        }
        this.process = process;
        this.startedAt = at;
        this.containerId = "sandbox://" + Long.toHexString(process.pid()) + Long.toHexString(at.toEpochMilli());
        this.runningInstance = instances;
        instances++;
        state = new ContainerStateBuilder().withNewRunning().withStartedAt(Timestamps.format(at)).endRunning().build();
        stateInstance = runningInstance;
        ready = false;
        readinessSuccesses = 0;
        readinessFailures = 0;
        livenessFailures = 0;
        killReason = null;
    }

    /** The container could not start (exec failed): a termination with exit code 128, as containerd reports it. */
    void startFailed(String message, Instant at) {
        finishedAtPrecise = at;
        if (instances > 0) {
            restartCount++;
        }
        if (state.getTerminated() != null) {
            last = state.getTerminated();
            lastInstance = stateInstance;
        }
        state = new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder().withExitCode(128)
                .withReason("StartError").withMessage(message).withStartedAt(Timestamps.format(Instant.EPOCH))
                .withFinishedAt(Timestamps.format(at)).build()).build();
        stateInstance = -1;
        instances++;
    }

    boolean isInstance(ContainerProcess p) {
        return process == p && running();
    }

    boolean waitingForRetry() {
        return retry != null && !retry.isDone();
    }

    void exited(int exitCode, Instant at) {
        finishedAtPrecise = at;
        String reason = killReason != null ? killReason : exitCode == 0 ? "Completed" : "Error";
        state = new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder().withExitCode(exitCode)
                .withReason(reason).withStartedAt(Timestamps.format(startedAt)).withFinishedAt(Timestamps.format(at))
                .withContainerID(containerId).build()).build();
        stateInstance = runningInstance;
        process = null;
        ready = false;
        if (probes != null) {
            probes.cancel(false);
            probes = null;
        }
    }

    ContainerStatus status() {
        boolean isReady = init ? succeeded() : ready;
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(spec.getName())
                .withImage(spec.getImage())
                .withImageID(image == null ? "" : image.imageId())
                .withReady(isReady)
                .withStarted(running())
                .withRestartCount(restartCount)
                .withState(state);
        if (state.getRunning() != null) {
            b.withContainerID(containerId);
        } else if (state.getTerminated() != null && state.getTerminated().getContainerID() != null) {
            b.withContainerID(state.getTerminated().getContainerID());
        } else if (last != null && last.getContainerID() != null) {
            b.withContainerID(last.getContainerID());
        }
        if (last != null) {
            b.withNewLastState().withTerminated(last).endLastState();
        } else {
            b.withNewLastState().endLastState();
        }
        return b.build();
    }

    /** What {@code kubectl logs [--previous]} shows for this container, as the kubelet chooses the instance. */
    PodLog log(String pod, boolean previous) {
        int s = stateInstance;
        int l = lastInstance;
        if (previous) {
            return l < 0 ? PodLog.Error.badRequest("previous terminated container \"" + name() + "\" in pod \"" + pod + "\" not found")
                    : read(l);
        }
        if (s >= 0) {
            return read(s);
        }
        if (l >= 0) {
            return read(l);
        }
        String reason = waitingReason;
        String why = "ErrImagePull".equals(reason) ? "image can't be pulled"
                : "ImagePullBackOff".equals(reason) ? "trying and failing to pull image" : reason;
        return PodLog.Error.badRequest("container \"" + name() + "\" in pod \"" + pod + "\" is waiting to start: " + why);
    }

    private PodLog read(int instance) {
        try {
            return new PodLog.Text(new String(Files.readAllBytes(logDir.resolve(instance + ".log")), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new PodLog.Text("");
        }
    }
}
