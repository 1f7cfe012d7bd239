package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.events.WorkloadRef;

import java.util.Optional;

/**
 * Resolves a pod to its workload and the revision it runs: pod -> ReplicaSet -> Deployment (the
 * ReplicaSet's {@code deployment.kubernetes.io/revision} against the Deployment's), pod -> StatefulSet
 * ({@code controller-revision-hash} against {@code status.updateRevision}), pod -> DaemonSet
 * ({@code pod-template-generation} against the template generation), pod -> Job -> the workload the Job
 * serves (see {@link JobLinker}). A pod without an owner is its own workload.
 */
public final class OwnerResolver {

    public static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String CONTROLLER_REVISION_HASH = "controller-revision-hash";
    static final String POD_TEMPLATE_GENERATION = "pod-template-generation";
    static final String DAEMONSET_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    private final ClusterView cluster;
    private final JobLinker jobs;

    public OwnerResolver(ClusterView cluster) {
        this.cluster = cluster;
        this.jobs = new JobLinker(cluster);
    }

    /** Whether a numbered revision is not older than the current one (see {@link Owners#notOlder}). */
    public static boolean notOlder(String revision, String current) {
        return Owners.notOlder(revision, current);
    }

    public JobLinker jobs() {
        return jobs;
    }

    public WorkloadResolution resolve(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        OwnerReference owner = Owners.controllerOf(pod);
        if (owner == null) {
            return new WorkloadResolution(new WorkloadRef(ns, "Pod", pod.getMetadata().getName()), null, true,
                    Owners.annotations(pod), Owners.ignored(pod), null);
        }
        switch (owner.getKind()) {
            case "ReplicaSet":
                return viaReplicaSet(pod, owner);
            case "StatefulSet": {
                StatefulSet sts = cluster.statefulSet(ns, owner.getName()).orElse(null);
                String revision = Owners.label(pod, CONTROLLER_REVISION_HASH);
                String current = sts == null || sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
                return of(pod, "StatefulSet", owner.getName(), revision, Owners.sameOrUnknown(revision, current), sts);
            }
            case "DaemonSet": {
                DaemonSet ds = cluster.daemonSet(ns, owner.getName()).orElse(null);
                String generation = Owners.label(pod, POD_TEMPLATE_GENERATION);
                String current = Owners.annotation(ds, DAEMONSET_TEMPLATE_GENERATION);
                return of(pod, "DaemonSet", owner.getName(), Owners.label(pod, CONTROLLER_REVISION_HASH),
                        Owners.notOlder(generation, current), ds);
            }
            case "Job": {
                Optional<Job> job = cluster.job(ns, owner.getName());
                if (job.isPresent()) {
                    WorkloadResolution served = jobs.resolve(job.get());
                    return new WorkloadResolution(served.workload(), served.revision(), true,
                            merge(served, pod), served.ignored() || Owners.ignored(pod), served.job());
                }
                return new WorkloadResolution(new WorkloadRef(ns, "Job", owner.getName()), null, true,
                        Owners.annotations(pod), Owners.ignored(pod), owner.getName());
            }
            default: {
                String revision = Optional.ofNullable(Owners.label(pod, POD_TEMPLATE_HASH))
                        .orElse(Owners.label(pod, CONTROLLER_REVISION_HASH));
                return of(pod, owner.getKind(), owner.getName(), revision, true, null);
            }
        }
    }

    private WorkloadResolution viaReplicaSet(Pod pod, OwnerReference owner) {
        String ns = pod.getMetadata().getNamespace();
        ReplicaSet rs = cluster.replicaSet(ns, owner.getName()).orElse(null);
        String revision = Optional.ofNullable(Owners.label(pod, POD_TEMPLATE_HASH)).orElse(Owners.label(rs, POD_TEMPLATE_HASH));
        OwnerReference rsOwner = rs == null ? null : Owners.controllerOf(rs);
        if (rsOwner == null || !"Deployment".equals(rsOwner.getKind())) {
            return of(pod, "ReplicaSet", owner.getName(), revision, true, rs);
        }
        Deployment deployment = cluster.deployment(ns, rsOwner.getName()).orElse(null);
        boolean newest = Owners.notOlder(Owners.annotation(rs, DEPLOYMENT_REVISION),
                Owners.annotation(deployment, DEPLOYMENT_REVISION));
        return new WorkloadResolution(new WorkloadRef(ns, "Deployment", rsOwner.getName()), revision, newest,
                Owners.annotations(deployment, rs, pod), Owners.ignored(deployment, rs, pod), null);
    }

    private static WorkloadResolution of(Pod pod, String kind, String name, String revision, boolean newest, HasMetadata workload) {
        return new WorkloadResolution(new WorkloadRef(pod.getMetadata().getNamespace(), kind, name), revision, newest,
                Owners.annotations(workload, pod), Owners.ignored(workload, pod), null);
    }

    private static java.util.Map<String, String> merge(WorkloadResolution served, Pod pod) {
        java.util.Map<String, String> merged = new java.util.HashMap<>(served.annotations());
        if (pod.getMetadata().getAnnotations() != null) {
            pod.getMetadata().getAnnotations().forEach(merged::putIfAbsent);
        }
        return merged;
    }
}
