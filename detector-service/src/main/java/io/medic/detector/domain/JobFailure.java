package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.medic.events.ContainerKind;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a migration Job is failing: it failed ({@code Failed} condition, e.g. BackoffLimitExceeded), or its
 * pods have already failed as many times as the restart threshold (so the incident opens within seconds of
 * the second crash, not after the back-off limit). The evidence is the most recent failed container.
 */
public final class JobFailure {

    private JobFailure() {
    }

    public static boolean failing(Job job, int restartThreshold) {
        return hasCondition(job, "Failed") || failures(job) >= restartThreshold;
    }

    public static boolean failed(Job job) {
        return hasCondition(job, "Failed");
    }

    public static boolean completed(Job job) {
        return hasCondition(job, "Complete");
    }

    public static int failures(Job job) {
        return job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
    }

    /** The reason of the Failed condition (BackoffLimitExceeded, DeadlineExceeded), or null. */
    public static String failedReason(Job job) {
        return conditions(job).stream().filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(JobCondition::getReason).findFirst().orElse(null);
    }

    /** The container of {@code pods} that failed last, if any did. */
    public static Optional<ContainerCrash> lastFailure(List<Pod> pods) {
        return pods.stream()
                .flatMap(pod -> java.util.stream.Stream.concat(
                        failures(pod, pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses(), ContainerKind.INIT),
                        failures(pod, pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses(), ContainerKind.APP)))
                .max(Comparator.comparing(JobFailure::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static java.util.stream.Stream<ContainerCrash> failures(Pod pod, List<ContainerStatus> statuses, ContainerKind kind) {
        if (statuses == null) {
            return java.util.stream.Stream.empty();
        }
        return statuses.stream().map(status -> {
            ContainerStateTerminated current = status.getState() == null ? null : status.getState().getTerminated();
            ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
            ContainerStateTerminated failed = failedOrNull(current) != null ? current : failedOrNull(last);
            if (failed == null) {
                return null;
            }
            List<io.fabric8.kubernetes.api.model.Container> containers = pod.getSpec() == null ? null
                    : kind == ContainerKind.INIT ? pod.getSpec().getInitContainers() : pod.getSpec().getContainers();
            String image = containers == null ? null : containers.stream().filter(c -> c.getName().equals(status.getName()))
                    .map(io.fabric8.kubernetes.api.model.Container::getImage).findFirst().orElse(null);
            return new ContainerCrash(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                    status.getName(), kind, image != null ? image : status.getImage() != null ? status.getImage() : "unknown",
                    status.getRestartCount() == null ? 0 : status.getRestartCount(), CrashRule.termination(failed),
                    failed != current, CrashPhase.LOOPING);
        }).filter(java.util.Objects::nonNull);
    }

    private static ContainerStateTerminated failedOrNull(ContainerStateTerminated t) {
        return t != null && t.getExitCode() != null && t.getExitCode() != 0 ? t : null;
    }

    private static Instant finishedAt(ContainerCrash crash) {
        return crash.lastTermination() == null ? null : crash.lastTermination().finishedAt();
    }

    private static boolean hasCondition(Job job, String type) {
        return conditions(job).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of() : job.getStatus().getConditions();
    }
}
