package io.medic.detector.service;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.detector.domain.ClusterView;
import io.medic.detector.domain.CrashPhase;
import io.medic.detector.domain.CrashRule;
import io.medic.detector.domain.Incident;
import io.medic.detector.domain.IncidentBook;
import io.medic.detector.domain.OwnerResolver;
import io.medic.detector.domain.WorkloadResolution;
import io.medic.events.ContainerKind;
import io.medic.events.WorkloadRef;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends episodes, so the next crash opens a new incident: a pod of the workload's current revision Ready
 * for the quiet period (checked once, when that period is over: no polling), the pod template changing,
 * the workload or Job going away, a Job completing. Ending an episode publishes nothing; it frees the key.
 */
@ApplicationScoped
class EpisodeEnds {

    private static final Logger LOG = Logger.getLogger(EpisodeEnds.class);

    private final IncidentBook book;
    private final CrashRule rule;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "medic-episode-ends");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Instant> scheduled = new ConcurrentHashMap<>();

    EpisodeEnds(IncidentBook book, CrashRule rule, Clock clock) {
        this.book = book;
        this.rule = rule;
        this.clock = clock;
    }

    /** {@code pod} is Ready since {@code since}: once the quiet period has passed, check it still is. */
    void readySince(OwnerResolver owners, ClusterView cluster, Pod pod, Instant since) {
        String uid = pod.getMetadata().getUid();
        if (since.equals(scheduled.put(uid, since))) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), since.plus(rule.quietPeriod())).toMillis());
        scheduler.schedule(() -> check(owners, cluster, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, since),
                delay, TimeUnit.MILLISECONDS);
    }

    private void check(OwnerResolver owners, ClusterView cluster, String namespace, String name, String uid, Instant since) {
        try {
            scheduled.remove(uid, since);
            Pod pod = cluster.pod(namespace, name).orElse(null);
            if (pod == null || !uid.equals(pod.getMetadata().getUid()) || !CrashRule.readySince(pod).map(since::equals).orElse(false)
                    || rule.crashes(pod).stream().anyMatch(c -> c.phase() == CrashPhase.LOOPING)) {
                return;
            }
            WorkloadResolution resolution = owners.resolve(pod);
            if (!resolution.newest() || resolution.job() != null) {
                return;
            }
            Set<String> containers = containerNames(pod.getSpec());
            end("ran Ready for " + rule.quietPeriod(), incident -> incident.key().workload().equals(resolution.workload())
                    && incident.key().kind() != ContainerKind.JOB && containers.contains(incident.key().container()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "checking whether %s/%s ended an episode failed", namespace, name);
        }
    }

    /**
     * The pod template of {@code workload} changed: the episodes of its older revisions are over. An incident
     * of the revision being rolled out stays open (its pods may have crashed before this event arrived).
     */
    void templateChanged(ClusterView cluster, HasMetadata workload, WorkloadRef ref) {
        java.util.function.Predicate<Incident> current;
        if (workload instanceof Deployment d) {
            String revision = d.getMetadata().getAnnotations() == null ? null
                    : d.getMetadata().getAnnotations().get(OwnerResolver.DEPLOYMENT_REVISION);
            // a ReplicaSet is named after its Deployment and pod-template-hash, the incident's revision
            current = i -> i.revision() != null && cluster.replicaSet(ref.namespace(), ref.name() + "-" + i.revision())
                    .map(rs -> rs.getMetadata().getAnnotations() == null ? null
                            : rs.getMetadata().getAnnotations().get(OwnerResolver.DEPLOYMENT_REVISION))
                    .map(rsRevision -> OwnerResolver.notOlder(rsRevision, revision)).orElse(false);
        } else if (workload instanceof StatefulSet sts && sts.getStatus() != null && sts.getStatus().getUpdateRevision() != null) {
            current = i -> sts.getStatus().getUpdateRevision().equals(i.revision());
        } else {
            current = i -> false;
        }
        end("the pod template changed", i -> i.key().workload().equals(ref) && i.key().kind() != ContainerKind.JOB
                && !current.test(i));
    }

    void workloadDeleted(WorkloadRef workload) {
        end("the workload was deleted", i -> i.key().workload().equals(workload));
    }

    void jobCompleted(WorkloadResolution resolution, Job job) {
        Set<String> containers = job.getSpec() == null || job.getSpec().getTemplate() == null ? Set.of()
                : containerNames(job.getSpec().getTemplate().getSpec());
        end("Job " + job.getMetadata().getName() + " completed", i -> i.key().workload().equals(resolution.workload())
                && i.key().kind() == ContainerKind.JOB && containers.contains(i.key().container()));
    }

    /** After a restart: incidents whose workload no longer exists are over. */
    void reconcileRestored(ClusterView cluster) {
        end("the workload no longer exists", i -> !cluster.exists(i.key().workload().namespace(), i.key().workload().kind(),
                i.key().workload().name()));
    }

    private void end(String why, java.util.function.Predicate<Incident> which) {
        List<Incident> ended = book.close(which);
        ended.forEach(i -> LOG.infof("episode of %s ended (%s): %s %s/%s", i.id(), why, i.key().workload().key(),
                i.key().kind(), i.key().container()));
    }

    private static Set<String> containerNames(PodSpec spec) {
        Set<String> names = new HashSet<>();
        if (spec != null) {
            Stream.concat(spec.getContainers() == null ? Stream.empty() : spec.getContainers().stream(),
                    spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream())
                    .map(Container::getName).forEach(names::add);
        }
        return names;
    }

    void clear() {
        scheduled.clear();
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
