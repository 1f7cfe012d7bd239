package io.medic.executor.client.migration;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Digests;
import io.medic.events.Plan;
import io.medic.events.SecretKeyRef;
import io.medic.events.WorkloadRef;
import io.medic.executor.client.PodLogs;
import io.medic.executor.client.Workloads;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.Retry;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs {@code alembic upgrade <target>} as a Kubernetes Job built from the container the plan names
 * ({@link MigrationJobs}): a Deployment's or StatefulSet's app or init container, or the failed migration
 * Job's own template. Waits for the Job to complete or fail, keeps its pod's log, deletes it. The Job's name
 * is derived from the plan, phase and step, so an executor that restarts finds the Job the previous one
 * started and waits for it instead of starting another.
 *
 * <p>In the rehearsal the same Job runs against the scratch copy: the env var that carries the database URL
 * (the one that reads the plan's Secret) reads a short-lived Secret holding the scratch URL instead, deleted
 * with the Job.
 */
public final class JobMigrationRunner implements MigrationRunner {

    private static final Logger LOG = Logger.getLogger(JobMigrationRunner.class);
    private static final Duration SCHEDULING_GRACE = Duration.ofMinutes(2);
    private static final String URL_KEY = "url";

    private final KubernetesClient client;
    private final Workloads workloads;
    private final PodLogs logs;
    private final ExecutorConfig.Job config;
    private final int maxLogBytes;
    private final Retry retry;

    public JobMigrationRunner(KubernetesClient client, Workloads workloads, PodLogs logs, ExecutorConfig config) {
        this.client = client;
        this.workloads = workloads;
        this.logs = logs;
        this.config = config.job();
        this.maxLogBytes = config.outputMaxBytes();
        this.retry = new Retry(config.retry().attempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public Optional<Path> versionsDirectory(Plan plan) {
        return Optional.empty();
    }

    @Override
    public Optional<String> cannotRehearse(Plan plan) {
        try {
            MigrationJobs.Source source = source(plan);
            if (MigrationJobs.urlVariable(source.container(), plan.database().secret()).isEmpty()) {
                return Optional.of("no env var of " + source.description() + " takes the database URL from Secret "
                        + plan.database().secret().name() + " key " + plan.database().secret().key()
                        + ", so the Job cannot be pointed at a scratch copy");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The names of a task's Job and of its rehearsal Secret. */
    static String jobName(MigrationTask task) {
        return "medic-" + Digests.shortSha256Hex(task.plan().id(), 12) + "-" + task.attemptName();
    }

    static String rehearsalSecretName(MigrationTask task) {
        return jobName(task) + "-db";
    }

    /** The Job this runner would create for the task (also what tests inspect). */
    public Job jobFor(MigrationTask task) {
        Plan plan = task.plan();
        MigrationJobs.Source source = source(plan);
        Optional<MigrationJobs.UrlOverride> override = Optional.empty();
        if (task.rehearsal()) {
            String variable = MigrationJobs.urlVariable(source.container(), plan.database().secret())
                    .orElseThrow(() -> new IllegalStateException(cannotRehearse(plan).orElse("cannot rehearse")));
            override = Optional.of(new MigrationJobs.UrlOverride(variable, new SecretKeyRef(rehearsalSecretName(task), URL_KEY)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "medic");
        labels.put(MigrationJobs.LABEL_PLAN, Digests.shortSha256Hex(plan.id(), 12));
        labels.put(MigrationJobs.LABEL_STEP, Integer.toString(task.stepIndex()));
        labels.put(MigrationJobs.LABEL_PHASE, task.rehearsal() ? "rehearsal" : "live");
        Map<String, String> annotations = Map.of(MigrationJobs.ANNOTATION_PLAN_ID, plan.id(),
                "medic.io/source", source.description());
        List<String> command = new ArrayList<>(config.alembicCommand());
        command.addAll(List.of("upgrade", task.target()));
        return MigrationJobs.build(source, jobName(task), plan.workload().namespace(), labels, annotations, command,
                config.deadline().toSeconds(), override);
    }

    @Override
    public Optional<MigrationRun> previousAttempt(MigrationTask task) {
        String namespace = task.plan().workload().namespace();
        Job job = retry.get(() -> client.batch().v1().jobs().inNamespace(namespace).withName(jobName(task)).get());
        if (job == null) {
            return Optional.empty();
        }
        LOG.infof("Job %s/%s of plan %s outlived the executor that started it; waiting for it", namespace,
                jobName(task), task.plan().id());
        return Optional.of(awaitAndCollect(task));
    }

    @Override
    public MigrationRun upgrade(MigrationTask task) {
        String namespace = task.plan().workload().namespace();
        Job job;
        try {
            job = jobFor(task);
        } catch (RuntimeException e) {
            return new MigrationRun(false, "", "cannot build the migration Job: " + e.getMessage());
        }
        try {
            if (task.rehearsal()) {
                Secret secret = new SecretBuilder().withNewMetadata().withName(rehearsalSecretName(task))
                        .withNamespace(namespace).withLabels(job.getMetadata().getLabels()).endMetadata()
                        .withStringData(Map.of(URL_KEY, task.database().reveal())).build();
                retry.get(() -> client.secrets().inNamespace(namespace).resource(secret).createOr(s -> s.update()));
            }
            retry.get(() -> client.batch().v1().jobs().inNamespace(namespace).resource(job).create());
        } catch (RuntimeException e) {
            cleanUp(task);
            return new MigrationRun(false, "", "cannot create Job " + namespace + "/" + jobName(task) + ": " + e.getMessage());
        }
        return awaitAndCollect(task);
    }

    private MigrationRun awaitAndCollect(MigrationTask task) {
        String namespace = task.plan().workload().namespace();
        String name = jobName(task);
        long deadline = System.nanoTime() + config.deadline().plus(SCHEDULING_GRACE).toNanos();
        try {
            while (true) {
                Job job = retry.get(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
                if (job == null) {
                    return new MigrationRun(false, "", "Job " + namespace + "/" + name + " disappeared before it ended");
                }
                Optional<Boolean> ended = ended(job);
                if (ended.isPresent()) {
                    String log = podLog(namespace, name).orElse("");
                    return new MigrationRun(ended.get(), log, "Job " + namespace + "/" + name
                            + (ended.get() ? " completed" : " failed" + reason(job)));
                }
                if (System.nanoTime() > deadline) {
                    String log = podLog(namespace, name).orElse("");
                    return new MigrationRun(false, log, "Job " + namespace + "/" + name + " did not end within "
                            + config.deadline().plus(SCHEDULING_GRACE).toSeconds() + "s");
                }
                Thread.sleep(config.pollInterval().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MigrationRun(false, "", "interrupted while waiting for Job " + namespace + "/" + name);
        } finally {
            cleanUp(task);
        }
    }

    /** Complete (true), failed (false), or still running (empty). */
    static Optional<Boolean> ended(Job job) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        List<JobCondition> conditions = job.getStatus().getConditions() == null ? List.of() : job.getStatus().getConditions();
        boolean failed = conditions.stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                || (job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0);
        boolean complete = conditions.stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))
                || (job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0);
        if (failed) {
            return Optional.of(false);
        }
        return complete ? Optional.of(true) : Optional.empty();
    }

    private static String reason(Job job) {
        return job.getStatus().getConditions() == null ? "" : job.getStatus().getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && c.getReason() != null)
                .map(c -> " (" + c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")")
                .findFirst().orElse("");
    }

    private Optional<String> podLog(String namespace, String job) {
        List<Pod> pods = retry.get(() -> client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems());
        return pods.stream()
                .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .flatMap(p -> logs.read(namespace, p.getMetadata().getName(), MigrationJobs.CONTAINER, maxLogBytes));
    }

    private void cleanUp(MigrationTask task) {
        String namespace = task.plan().workload().namespace();
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName(task))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            if (task.rehearsal()) {
                client.secrets().inNamespace(namespace).withName(rehearsalSecretName(task)).delete();
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot delete Job %s/%s (labelled %s): %s", namespace, jobName(task), MigrationJobs.LABEL_PLAN,
                    e.getMessage());
        }
    }

    /** The pod spec and container the migration runs from, read live (env and volumes are never on the wire). */
    MigrationJobs.Source source(Plan plan) {
        ContainerRef ref = plan.migrationContainer();
        if (ref == null) {
            throw new IllegalStateException("the plan names no migration container");
        }
        WorkloadRef workload = plan.workload();
        String namespace = workload.namespace();
        if (ref.kind() == ContainerKind.JOB) {
            if (ref.jobName() != null) {
                Job failed = retry.get(() -> client.batch().v1().jobs().inNamespace(namespace).withName(ref.jobName()).get());
                if (failed != null) {
                    return find(failed.getSpec().getTemplate().getSpec(), ref, "container " + ref.name() + " of Job "
                            + namespace + "/" + ref.jobName());
                }
            }
            return fromPod(ref, namespace, "the Job " + ref.jobName() + " no longer exists");
        }
        try {
            PodTemplateSpec template = workloads.shape(workload).template();
            return find(template.getSpec(), ref, (ref.kind() == ContainerKind.INIT ? "init container " : "container ")
                    + ref.name() + " of " + workload.kind() + " " + workload.key());
        } catch (IllegalStateException e) {
            return fromPod(ref, namespace, e.getMessage());
        }
    }

    private MigrationJobs.Source fromPod(ContainerRef ref, String namespace, String why) {
        if (ref.podName() != null) {
            Pod pod = retry.get(() -> client.pods().inNamespace(namespace).withName(ref.podName()).get());
            if (pod != null) {
                return find(pod.getSpec(), ref, (ref.kind() == ContainerKind.INIT ? "init container " : "container ")
                        + ref.name() + " of pod " + namespace + "/" + ref.podName());
            }
        }
        throw new IllegalStateException("cannot find container " + ref.name() + " to run the migration from: " + why);
    }

    private static MigrationJobs.Source find(PodSpec spec, ContainerRef ref, String description) {
        List<Container> candidates = ref.kind() == ContainerKind.INIT
                ? nullSafe(spec.getInitContainers())
                : Stream.concat(nullSafe(spec.getContainers()).stream(), nullSafe(spec.getInitContainers()).stream()).toList();
        Container container = candidates.stream().filter(c -> c.getName().equals(ref.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException(description + " does not exist"));
        return new MigrationJobs.Source(spec, container, description);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
