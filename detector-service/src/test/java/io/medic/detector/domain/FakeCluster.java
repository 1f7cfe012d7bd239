package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory {@link ClusterView}: the objects a rule or a service may look up, nothing else. */
public final class FakeCluster implements ClusterView {

    private final List<HasMetadata> objects = new ArrayList<>();

    public FakeCluster with(HasMetadata... added) {
        objects.addAll(List.of(added));
        return this;
    }

    public static OwnerReference ownedBy(HasMetadata owner) {
        return new OwnerReferenceBuilder().withKind(owner.getKind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).build();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String ns, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> ns.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName())).findFirst();
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return find(Pod.class, namespace, name);
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return find(ReplicaSet.class, namespace, name);
    }

    @Override
    public Optional<Deployment> deployment(String namespace, String name) {
        return find(Deployment.class, namespace, name);
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return find(StatefulSet.class, namespace, name);
    }

    @Override
    public Optional<DaemonSet> daemonSet(String namespace, String name) {
        return find(DaemonSet.class, namespace, name);
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return find(Job.class, namespace, name);
    }

    @Override
    public Optional<CronJob> cronJob(String namespace, String name) {
        return find(CronJob.class, namespace, name);
    }

    @Override
    public List<HasMetadata> workloads(String namespace) {
        return objects.stream().filter(o -> o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet)
                .filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
    }

    @Override
    public List<Pod> podsOf(Job job) {
        return objects.stream().filter(Pod.class::isInstance).map(Pod.class::cast)
                .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(job.getMetadata().getUid())))
                .toList();
    }

    @Override
    public boolean exists(String namespace, String kind, String name) {
        return objects.stream().anyMatch(o -> kind.equals(o.getKind()) && namespace.equals(o.getMetadata().getNamespace())
                && name.equals(o.getMetadata().getName()));
    }
}
