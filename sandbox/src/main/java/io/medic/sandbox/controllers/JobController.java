package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPodsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.sandbox.cluster.Statuses;
import io.medic.sandbox.cluster.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Job controller for non-indexed Jobs: runs up to {@code parallelism} pods until {@code completions}
 * have succeeded (pods {@code <job>-<5 characters>}, labels {@code job-name} and {@code controller-uid}
 * with their {@code batch.kubernetes.io/} twins, controller owner reference); counts failed pods (and, for
 * {@code restartPolicy: OnFailure}, container restarts) against {@code backoffLimit}; waits the Job
 * back-off (10 s doubling, capped at 6 min, scaled like the kubelet's) before replacing a failed pod; stops
 * at {@code activeDeadlineSeconds}; writes active/ready/succeeded/failed/terminating, startTime,
 * completionTime and the conditions (SuccessCriteriaMet + Complete, or FailureTarget + Failed with reason
 * BackoffLimitExceeded or DeadlineExceeded); deletes the Job {@code ttlSecondsAfterFinished} after it finished.
 * Not done: Indexed completion, suspend, pod failure policies, success policies.
 */
final class JobController extends Controller {

    private final double backOffFactor;
    /** When each failed pod was first seen failed, for pods whose containers report no finish time. */
    private final Map<String, Instant> failedSeen = new java.util.concurrent.ConcurrentHashMap<>();

    JobController(KubernetesClient client, double backOffFactor) {
        super(client, "job-controller");
        this.backOffFactor = backOffFactor;
    }

    @Override
    protected void register(Informers informers) {
        informers.jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueue(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }

            @Override
            public void onUpdate(Job old, Job job) {
                enqueue(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
            }
        });
        informers.pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                owner(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                owner(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                owner(pod);
            }
        });
    }

    private void owner(Pod pod) {
        Owners.controllerOf(pod).filter(r -> "Job".equals(r.getKind()))
                .ifPresent(r -> enqueue(pod.getMetadata().getNamespace(), r.getName()));
    }

    @Override
    protected void reconcile(String namespace, String name) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (job == null || job.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        JobStatus old = job.getStatus();
        Instant now = Instant.now();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems().stream().filter(p -> Owners.controlledBy(p, job)).toList();
        List<Pod> active = pods.stream().filter(Owners::active).toList();
        int succeeded = (int) pods.stream().filter(p -> "Succeeded".equals(phase(p))).count();
        int failedPods = (int) pods.stream().filter(p -> "Failed".equals(phase(p))).count();
        boolean onFailure = "OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy());
        int restarts = onFailure ? active.stream().mapToInt(JobController::restarts).sum() : 0;
        int terminating = (int) pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null && !Owners.terminal(p)).count();

        Map<String, JobCondition> conditions = new LinkedHashMap<>();
        if (old != null && old.getConditions() != null) {
            old.getConditions().forEach(c -> conditions.put(c.getType(), c));
        }
        String startTime = old != null && old.getStartTime() != null ? old.getStartTime() : Timestamps.format(now);
        String completionTime = old == null ? null : old.getCompletionTime();
        boolean finished = isTrue(conditions.get("Complete")) || isTrue(conditions.get("Failed"));

        if (!finished) {
            int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
            int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
            int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
            Long deadline = job.getSpec().getActiveDeadlineSeconds();
            String failure = null;
            String failureMessage = null;
            if (deadline != null && !now.isBefore(Timestamps.parse(startTime).plusSeconds(deadline))) {
                failure = "DeadlineExceeded";
                failureMessage = "Job was active longer than specified deadline";
            } else if (failedPods + restarts > backoffLimit) {
                failure = "BackoffLimitExceeded";
                failureMessage = "Job has reached the specified backoff limit";
            }
            if (failure != null) {
                active.forEach(p -> deletePod(job, p));
                put(conditions, "FailureTarget", failure, failureMessage);
                put(conditions, "Failed", failure, failureMessage);
                events.warning(job, null, failure, failureMessage);
                finished = true;
                active = List.of();
            } else if (succeeded >= completions) {
                put(conditions, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
                put(conditions, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                completionTime = Timestamps.format(now);
                events.normal(job, null, "Completed", "Job completed");
                finished = true;
            } else {
                int wanted = Math.min(parallelism, completions - succeeded) - active.size();
                if (wanted > 0) {
                    Duration wait = podBackOff(pods, failedPods, now);
                    if (wait.isZero()) {
                        List<Pod> created = new ArrayList<>(active);
                        for (int i = 0; i < wanted; i++) {
                            created.add(createPod(job));
                        }
                        active = created;
                    } else {
                        enqueueAfter(namespace, name, wait);
                    }
                }
                if (deadline != null) {
                    enqueueAfter(namespace, name, Duration.between(now, Timestamps.parse(startTime).plusSeconds(deadline)).plusMillis(100));
                }
            }
        }
        if (finished) {
            ttl(job, conditions, now);
        }
        JobStatus status = new JobStatusBuilder()
                .withActive(active.isEmpty() ? null : active.size())
                .withReady((int) active.stream().filter(Owners::ready).count())
                .withSucceeded(succeeded == 0 ? null : succeeded)
                .withFailed(failedPods == 0 ? null : failedPods)
                .withTerminating(terminating)
                .withStartTime(startTime)
                .withCompletionTime(completionTime)
                .withConditions(List.copyOf(conditions.values()))
                .withUncountedTerminatedPods(new UncountedTerminatedPodsBuilder().build())
                .build();
        if (!status.equals(old)) {
            Statuses.replace(client, job, status);
        }
    }

    /** The Job controller's pod-failure back-off: 10 s after the first failure, doubling, at most 6 min (scaled). */
    private Duration podBackOff(List<Pod> pods, int failed, Instant now) {
        if (failed == 0) {
            return Duration.ZERO;
        }
        long base = Math.round(10_000 * backOffFactor * Math.pow(2, Math.min(failed - 1, 10)));
        long delay = Math.min(base, Math.round(360_000 * backOffFactor));
        Instant lastFailure = pods.stream().filter(p -> "Failed".equals(phase(p)))
                .map(p -> {
                    Instant finished = finishedAt(p);
                    return finished != null ? finished : failedSeen.computeIfAbsent(p.getMetadata().getUid(), uid -> now);
                })
                .max(Instant::compareTo).orElse(now);
        Duration left = Duration.between(now, lastFailure.plusMillis(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Pod createPod(Job job) {
        PodTemplateSpec template = job.getSpec().getTemplate();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.putIfAbsent("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
        labels.putIfAbsent("batch.kubernetes.io/job-name", job.getMetadata().getName());
        labels.putIfAbsent("controller-uid", job.getMetadata().getUid());
        labels.putIfAbsent("job-name", job.getMetadata().getName());
        for (int attempt = 0; attempt < 5; attempt++) {
            String podName = job.getMetadata().getName() + "-" + Owners.randomSuffix();
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName(podName).withNamespace(job.getMetadata().getNamespace()).withLabels(labels)
                    .withAnnotations(meta.getAnnotations()).withOwnerReferences(Owners.controllerReference(job))
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .build();
            try {
                Pod created = client.pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
                events.normal(job, null, "SuccessfulCreate", "Created pod: " + podName);
                return created;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(job, null, "FailedCreate", "Error creating: " + e.getMessage());
                    throw e;
                }
            }
        }
        throw new IllegalStateException("cannot create a pod for Job " + job.getMetadata().getName() + ": every name is taken");
    }

    private void deletePod(Job job, Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        events.normal(job, null, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
    }

    private void ttl(Job job, Map<String, JobCondition> conditions, Instant now) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null) {
            return;
        }
        Instant finishedAt = Stream.of(conditions.get("Complete"), conditions.get("Failed")).filter(JobController::isTrue)
                .map(c -> Timestamps.parse(c.getLastTransitionTime())).filter(Objects::nonNull).findFirst().orElse(now);
        Duration left = Duration.between(now, finishedAt.plusSeconds(ttl));
        if (left.isNegative() || left.isZero()) {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).delete();
        } else {
            enqueueAfter(job.getMetadata().getNamespace(), job.getMetadata().getName(), left.plusMillis(100));
        }
    }

    private static void put(Map<String, JobCondition> conditions, String type, String reason, String message) {
        String now = Timestamps.now();
        conditions.put(type, new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(now).withLastTransitionTime(now).build());
    }

    private static boolean isTrue(JobCondition c) {
        return c != null && "True".equals(c.getStatus());
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null) {
            return 0;
        }
        return Stream.concat(p.getStatus().getContainerStatuses() == null ? Stream.<ContainerStatus>empty() : p.getStatus().getContainerStatuses().stream(),
                        p.getStatus().getInitContainerStatuses() == null ? Stream.<ContainerStatus>empty() : p.getStatus().getInitContainerStatuses().stream())
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    private static Instant finishedAt(Pod p) {
        if (p.getStatus() == null) {
            return null;
        }
        return Stream.concat(p.getStatus().getContainerStatuses() == null ? Stream.<ContainerStatus>empty() : p.getStatus().getContainerStatuses().stream(),
                        p.getStatus().getInitContainerStatuses() == null ? Stream.<ContainerStatus>empty() : p.getStatus().getInitContainerStatuses().stream())
                .map(s -> s.getState() != null && s.getState().getTerminated() != null ? s.getState().getTerminated().getFinishedAt() : null)
                .filter(Objects::nonNull).map(Timestamps::parse).max(Instant::compareTo).orElse(null);
    }
}
