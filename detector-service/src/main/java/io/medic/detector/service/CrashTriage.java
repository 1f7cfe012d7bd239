package io.medic.detector.service;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.detector.client.ClusterInformers;
import io.medic.detector.config.DetectorConfig;
import io.medic.detector.domain.Annotations;
import io.medic.detector.domain.ClusterView;
import io.medic.detector.domain.ContainerCrash;
import io.medic.detector.domain.CrashPhase;
import io.medic.detector.domain.CrashRule;
import io.medic.detector.domain.IncidentBook;
import io.medic.detector.domain.JobFailure;
import io.medic.detector.domain.OwnerResolver;
import io.medic.detector.domain.Owners;
import io.medic.events.WorkloadRef;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What each cluster change is worth, decided on the informer thread with cheap checks only: skipped
 * namespaces and ignored objects, the crash rule, "already handled". Crash-looping containers and failing
 * Jobs go to the detection queue (striped per workload) and on to {@link CrashAnalyzer}; Ready pods,
 * template changes, completed Jobs and deleted workloads go to {@link EpisodeEnds}. There is no polling
 * loop: every detection starts from an event.
 */
@ApplicationScoped
public class CrashTriage {

    private static final Logger LOG = Logger.getLogger(CrashTriage.class);

    private final CrashRule rule;
    private final IncidentBook book;
    private final DetectorMetrics metrics;
    private final Clock clock;
    private final Set<String> excludedNamespaces;
    private final CrashAnalyzer analyzer;
    private final EpisodeEnds episodes;
    private final DetectionQueue queue;
    private final HandledCrashes handled = new HandledCrashes();
    private volatile ClusterView cluster;
    private volatile OwnerResolver owners;

    CrashTriage(DetectorConfig config, CrashRule rule, IncidentBook book, DetectorMetrics metrics, Clock clock,
                CrashAnalyzer analyzer, EpisodeEnds episodes) {
        this.rule = rule;
        this.book = book;
        this.metrics = metrics;
        this.clock = clock;
        this.excludedNamespaces = Set.copyOf(config.excludedNamespaces().orElse(List.of()));
        this.analyzer = analyzer;
        this.episodes = episodes;
        this.queue = new DetectionQueue(config.workers(), config.queueCapacity());
    }

    /** From now on, changes are judged against {@code cluster} (the informers about to start). */
    void watch(ClusterView cluster) {
        handled.clear();
        episodes.clear();
        this.owners = new OwnerResolver(cluster);
        this.cluster = cluster;
    }

    /** After a restart, once the caches are filled: ends the restored incidents of workloads that are gone. */
    void reconcileRestored() {
        episodes.reconcileRestored(cluster);
    }

    /** Changes arriving from now on (from informers being closed) are ignored. */
    void stop() {
        cluster = null;
        handled.clear();
        episodes.clear();
    }

    public void podChanged(Pod pod) {
        Instant seenAt = clock.instant();
        String ns = pod.getMetadata().getNamespace();
        if (skipped(pod)) {
            return;
        }
        boolean looping = false;
        for (ContainerCrash crash : rule.crashes(pod)) {
            if (crash.phase() == CrashPhase.BELOW_THRESHOLD) {
                continue;
            }
            looping |= crash.phase() == CrashPhase.LOOPING;
            String part = crash.kind() + "/" + crash.container();
            if (!handled.first(crash.podUid(), part, crash.crashKey())) {
                continue;
            }
            OwnerResolver resolver = owners;
            Runnable retry = () -> handled.retry(crash.podUid(), part, crash.crashKey());
            submit(stripe(pod), () -> analyzer.podCrashed(resolver, pod, crash, seenAt, retry), retry);
        }
        if (!looping && book.hasOpenIn(ns)) {
            ClusterView view = cluster;
            OwnerResolver resolver = owners;
            CrashRule.readySince(pod).ifPresent(since -> episodes.readySince(resolver, view, pod, since));
        }
    }

    public void jobChanged(Job job) {
        Instant seenAt = clock.instant();
        if (skipped(job)) {
            return;
        }
        String stripe = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
        OwnerResolver resolver = owners;
        if (JobFailure.failing(job, rule.restartThreshold())) {
            String uid = job.getMetadata().getUid();
            String state = JobFailure.failures(job) + "/" + JobFailure.failed(job);
            if (handled.first(uid, "job", state)) {
                ClusterView view = cluster;
                Runnable retry = () -> handled.retry(uid, "job", state);
                submit(stripe, () -> analyzer.jobFailing(resolver, view, job, seenAt, retry), retry);
            }
        } else if (JobFailure.completed(job) && book.hasOpenIn(job.getMetadata().getNamespace())) {
            submit(stripe, () -> episodes.jobCompleted(resolver.jobs().resolve(job), job), () -> { });
        }
    }

    /** A pod or Job is gone: its crashes need not be remembered. */
    public void deleted(HasMetadata podOrJob) {
        handled.forget(podOrJob.getMetadata().getUid());
    }

    /** A Deployment, StatefulSet or DaemonSet changed; a new pod template ends the episodes of its older revisions. */
    public void workloadChanged(HasMetadata before, HasMetadata after) {
        if (book.hasOpenIn(after.getMetadata().getNamespace()) && !ClusterInformers.sameTemplate(before, after)) {
            episodes.templateChanged(cluster, after, ref(after));
        }
    }

    public void workloadDeleted(HasMetadata workload) {
        if (book.hasOpenIn(workload.getMetadata().getNamespace())) {
            episodes.workloadDeleted(ref(workload));
        }
    }

    private boolean skipped(HasMetadata object) {
        return cluster == null || excludedNamespaces.contains(object.getMetadata().getNamespace())
                || Annotations.ignored(object.getMetadata().getAnnotations());
    }

    private void submit(String stripe, Runnable task, Runnable onDropped) {
        if (!queue.submit(stripe, task, onDropped)) {
            metrics.dropped();
            onDropped.run();
            LOG.warnf("detection queue full: dropped the detection for %s (it will be retried on its next status change)", stripe);
        }
    }

    /** Crashes of one workload share a worker: the pod's controller (ReplicaSet, StatefulSet, Job...) or the pod itself. */
    private static String stripe(Pod pod) {
        OwnerReference owner = Owners.controllerOf(pod);
        return pod.getMetadata().getNamespace() + "/" + (owner == null ? pod.getMetadata().getName() : owner.getName());
    }

    private static WorkloadRef ref(HasMetadata workload) {
        return new WorkloadRef(workload.getMetadata().getNamespace(), workload.getKind() != null ? workload.getKind()
                : workload.getClass().getSimpleName(), workload.getMetadata().getName());
    }

    @PreDestroy
    void close() {
        queue.close();
    }
}
