package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.medic.events.ContainerKind;
import io.medic.events.Termination;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a container is crash-looping: waiting in {@code CrashLoopBackOff}, or just terminated with a
 * non-zero exit code (Error, OOMKilled) and about to restart, once its restart count reaches the threshold.
 * App and init containers alike. A crash that follows a run at least as long as the quiet period (the
 * kubelet's back-off reset) is not a loop: it ends the previous episode and may start a new one.
 */
public final class CrashRule {

    static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

    private final int restartThreshold;
    private final Duration quietPeriod;

    public CrashRule(int restartThreshold, Duration quietPeriod) {
        if (restartThreshold < 1) {
            throw new IllegalArgumentException("restart threshold must be 1 or more");
        }
        this.restartThreshold = restartThreshold;
        this.quietPeriod = quietPeriod;
    }

    public int restartThreshold() {
        return restartThreshold;
    }

    public Duration quietPeriod() {
        return quietPeriod;
    }

    /** Every crashing container of {@code pod}, each with its phase; healthy containers are left out. */
    public List<ContainerCrash> crashes(Pod pod) {
        if (pod.getStatus() == null || pod.getMetadata() == null) {
            return List.of();
        }
        String restartPolicy = pod.getSpec() == null || pod.getSpec().getRestartPolicy() == null
                ? "Always" : pod.getSpec().getRestartPolicy();
        List<ContainerCrash> crashes = new ArrayList<>();
        collect(pod, pod.getStatus().getInitContainerStatuses(), ContainerKind.INIT, restartPolicy, crashes);
        collect(pod, pod.getStatus().getContainerStatuses(), ContainerKind.APP, restartPolicy, crashes);
        return crashes;
    }

    private void collect(Pod pod, List<ContainerStatus> statuses, ContainerKind kind, String restartPolicy,
                         List<ContainerCrash> out) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus status : statuses) {
            ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
            ContainerStateTerminated terminated = status.getState() == null ? null : status.getState().getTerminated();
            ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
            boolean backingOff = waiting != null && CRASH_LOOP_BACK_OFF.equals(waiting.getReason());
            boolean exitedBadly = terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0
                    && !"Never".equals(restartPolicy);
            if (!backingOff && !exitedBadly) {
                continue;
            }
            ContainerStateTerminated crash = terminated != null ? terminated : last;
            int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
            CrashPhase phase = ranAtLeast(crash, quietPeriod) ? CrashPhase.AFTER_QUIET_RUN
                    : restarts >= restartThreshold ? CrashPhase.LOOPING : CrashPhase.BELOW_THRESHOLD;
            out.add(new ContainerCrash(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid(), status.getName(), kind, imageOf(pod, kind, status), restarts,
                    termination(crash), terminated == null, phase));
        }
    }

    /** Since when the pod has been Ready, if it is. */
    public static Optional<Instant> readySince(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                return Optional.ofNullable(instant(condition.getLastTransitionTime()));
            }
        }
        return Optional.empty();
    }

    static Termination termination(ContainerStateTerminated t) {
        if (t == null) {
            return null;
        }
        return new Termination(t.getExitCode(), t.getReason(), instant(t.getFinishedAt()));
    }

    private static boolean ranAtLeast(ContainerStateTerminated t, Duration period) {
        if (t == null) {
            return false;
        }
        Instant started = instant(t.getStartedAt());
        Instant finished = instant(t.getFinishedAt());
        return started != null && finished != null && !Duration.between(started, finished).minus(period).isNegative();
    }

    /** The image as the pod spec names it (what a user set and a migration step must run), else the status's. */
    private static String imageOf(Pod pod, ContainerKind kind, ContainerStatus status) {
        List<Container> containers = pod.getSpec() == null ? null
                : kind == ContainerKind.INIT ? pod.getSpec().getInitContainers() : pod.getSpec().getContainers();
        if (containers != null) {
            for (Container c : containers) {
                if (status.getName().equals(c.getName()) && c.getImage() != null) {
                    return c.getImage();
                }
            }
        }
        return status.getImage() == null || status.getImage().isBlank() ? "unknown" : status.getImage();
    }

    public static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
