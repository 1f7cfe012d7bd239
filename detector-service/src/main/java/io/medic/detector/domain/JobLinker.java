package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.events.Digests;
import io.medic.events.WorkloadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Links a migration Job (a Helm or Argo CD hook, or a plain Job) to the workload it serves, in this order:
 * the Job's {@code medic.io/workload} annotation ({@code Kind/name} or {@code name}); its controller owner
 * (a Deployment, or the CronJob that created it); the {@code app.kubernetes.io/instance} label (narrowed by
 * {@code app.kubernetes.io/name}) shared with exactly one Deployment, StatefulSet or DaemonSet; else the Job
 * is its own workload. The revision of a Job incident is a hash of its pod template's images and commands,
 * so re-running the same failing Job is the same episode and a Job with a new template a new one.
 */
public final class JobLinker {

    static final String INSTANCE = "app.kubernetes.io/instance";
    static final String NAME = "app.kubernetes.io/name";
    private static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet");
    private static final List<String> KNOWN_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob");

    private final ClusterView cluster;

    JobLinker(ClusterView cluster) {
        this.cluster = cluster;
    }

    public WorkloadResolution resolve(Job job) {
        String ns = job.getMetadata().getNamespace();
        HasMetadata served = servedBy(job).orElse(null);
        WorkloadRef ref = served != null
                ? new WorkloadRef(ns, served.getKind() != null ? served.getKind() : served.getClass().getSimpleName(),
                served.getMetadata().getName())
                : declared(job).orElse(new WorkloadRef(ns, "Job", job.getMetadata().getName()));
        return new WorkloadResolution(ref, templateRevision(job), true, Owners.annotations(served, job),
                Owners.ignored(served, job), job.getMetadata().getName());
    }

    /** The workload object the Job serves, when it can be found. */
    private Optional<HasMetadata> servedBy(Job job) {
        String ns = job.getMetadata().getNamespace();
        Optional<WorkloadRef> declared = declared(job);
        if (declared.isPresent()) {
            return find(ns, declared.get().kind(), declared.get().name());
        }
        OwnerReference owner = Owners.controllerOf(job);
        if (owner != null) {
            return find(ns, owner.getKind(), owner.getName());
        }
        String instance = Owners.label(job, INSTANCE);
        if (instance == null) {
            return Optional.empty();
        }
        List<HasMetadata> sameInstance = new ArrayList<>();
        for (HasMetadata w : cluster.workloads(ns)) {
            if (instance.equals(Owners.label(w, INSTANCE))) {
                sameInstance.add(w);
            }
        }
        String name = Owners.label(job, NAME);
        List<HasMetadata> sameName = sameInstance.stream().filter(w -> name != null && name.equals(Owners.label(w, NAME))).toList();
        List<HasMetadata> candidates = sameName.isEmpty() ? sameInstance : sameName;
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        // several workloads of one release: Helm names the main one after the release
        return candidates.stream().filter(w -> instance.equals(w.getMetadata().getName())).findFirst();
    }

    /** What {@code medic.io/workload} names: {@code Kind/name}, or a bare name looked up among the workload kinds. */
    private Optional<WorkloadRef> declared(Job job) {
        String value = Owners.annotation(job, Annotations.WORKLOAD);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String ns = job.getMetadata().getNamespace();
        String[] parts = value.strip().split("/", 2);
        if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
            String kind = parts[0].strip();
            for (String known : KNOWN_KINDS) {
                kind = known.equalsIgnoreCase(kind) ? known : kind;
            }
            return Optional.of(new WorkloadRef(ns, kind, parts[1].strip()));
        }
        String name = parts[0].strip();
        for (String kind : WORKLOAD_KINDS) {
            if (find(ns, kind, name).isPresent()) {
                return Optional.of(new WorkloadRef(ns, kind, name));
            }
        }
        return Optional.of(new WorkloadRef(ns, "Deployment", name));
    }

    private Optional<HasMetadata> find(String ns, String kind, String name) {
        switch (kind) {
            case "Deployment":
                return cluster.deployment(ns, name).map(HasMetadata.class::cast);
            case "StatefulSet":
                return cluster.statefulSet(ns, name).map(HasMetadata.class::cast);
            case "DaemonSet":
                return cluster.daemonSet(ns, name).map(HasMetadata.class::cast);
            case "CronJob":
                return cluster.cronJob(ns, name).map(HasMetadata.class::cast);
            default:
                return Optional.empty();
        }
    }

    /** A short hash of the Job's containers (images, commands, arguments). */
    public static String templateRevision(Job job) {
        PodSpec spec = job.getSpec() == null || job.getSpec().getTemplate() == null ? null : job.getSpec().getTemplate().getSpec();
        if (spec == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (List<Container> containers : List.of(Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of()),
                Objects.requireNonNullElse(spec.getContainers(), List.<Container>of()))) {
            for (Container c : containers) {
                text.append(c.getName()).append('\u0000').append(c.getImage()).append('\u0000')
                        .append(c.getCommand()).append('\u0000').append(c.getArgs()).append('\n');
            }
        }
        return Digests.shortSha256Hex(text.toString(), 10);
    }
}
