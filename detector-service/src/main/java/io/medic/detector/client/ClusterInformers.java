package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.detector.domain.ClusterView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The detector's shared informers: pods and Jobs (what it reacts to, optionally narrowed by a label
 * selector), ReplicaSets, Deployments, StatefulSets and DaemonSets (what owner and revision lookups read).
 * All namespaces, or only the configured ones. It is the {@link ClusterView} of the detector's rules.
 */
public final class ClusterInformers implements ClusterView, AutoCloseable {

    static final String OWNER_INDEX = "owner-uid";

    private final KubernetesClient client;
    private final Watched<Pod> pods;
    private final Watched<Job> jobs;
    private final Watched<ReplicaSet> replicaSets;
    private final Watched<Deployment> deployments;
    private final Watched<StatefulSet> statefulSets;
    private final Watched<DaemonSet> daemonSets;

    public ClusterInformers(KubernetesClient client, List<String> namespaces, String labelSelector) {
        this.client = client;
        Map<String, Function<Pod, List<String>>> byOwner = Map.of(OWNER_INDEX, ClusterInformers::ownerUids);
        this.pods = new Watched<>("pods", client.pods(), namespaces, labelSelector, byOwner);
        this.jobs = new Watched<>("jobs", client.batch().v1().jobs(), namespaces, labelSelector, Map.of());
        this.replicaSets = new Watched<>("replicasets", client.apps().replicaSets(), namespaces, null, Map.of());
        this.deployments = new Watched<>("deployments", client.apps().deployments(), namespaces, null, Map.of());
        this.statefulSets = new Watched<>("statefulsets", client.apps().statefulSets(), namespaces, null, Map.of());
        this.daemonSets = new Watched<>("daemonsets", client.apps().daemonSets(), namespaces, null, Map.of());
    }

    public ClusterInformers onPods(ResourceEventHandler<Pod> handler) {
        pods.handledBy(handler);
        return this;
    }

    public ClusterInformers onJobs(ResourceEventHandler<Job> handler) {
        jobs.handledBy(handler);
        return this;
    }

    public ClusterInformers onWorkloads(ResourceEventHandler<HasMetadata> handler) {
        deployments.handledBy(cast(handler));
        statefulSets.handledBy(cast(handler));
        daemonSets.handledBy(cast(handler));
        return this;
    }

    /** Starts the lookup caches first, then what the detector reacts to; completes when all have synced. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(replicaSets.start(), deployments.start(), statefulSets.start(), daemonSets.start())
                .thenCompose(ready -> CompletableFuture.allOf(pods.start(), jobs.start()));
    }

    public boolean synced() {
        return pods.synced() && jobs.synced() && replicaSets.synced() && deployments.synced() && statefulSets.synced()
                && daemonSets.synced();
    }

    /**
     * The informers that stopped on their own after starting ({@code daemonsets (all namespaces)} -> why): the
     * detector no longer sees those objects change. Empty while all run.
     */
    public Map<String, String> stopped() {
        Map<String, String> stopped = new java.util.LinkedHashMap<>();
        all().forEach(watched -> stopped.putAll(watched.stopped()));
        return stopped;
    }

    public boolean watches(String namespace) {
        return pods.watches(namespace);
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return pods.cached(namespace, name);
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return replicaSets.get(namespace, name);
    }

    @Override
    public Optional<Deployment> deployment(String namespace, String name) {
        return deployments.get(namespace, name);
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return statefulSets.get(namespace, name);
    }

    @Override
    public Optional<DaemonSet> daemonSet(String namespace, String name) {
        return daemonSets.get(namespace, name);
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return jobs.get(namespace, name);
    }

    @Override
    public Optional<CronJob> cronJob(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<HasMetadata> workloads(String namespace) {
        List<HasMetadata> all = new ArrayList<>(deployments.inNamespace(namespace));
        all.addAll(statefulSets.inNamespace(namespace));
        all.addAll(daemonSets.inNamespace(namespace));
        return all;
    }

    @Override
    public List<Pod> podsOf(Job job) {
        String ns = job.getMetadata().getNamespace();
        List<Pod> owned = pods.byIndex(ns, OWNER_INDEX, job.getMetadata().getUid());
        if (!owned.isEmpty()) {
            return owned;
        }
        return client.pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName())
                .list().getItems();
    }

    @Override
    public boolean exists(String namespace, String kind, String name) {
        switch (kind) {
            case "Deployment":
                return deployments.cached(namespace, name).isPresent();
            case "StatefulSet":
                return statefulSets.cached(namespace, name).isPresent();
            case "DaemonSet":
                return daemonSets.cached(namespace, name).isPresent();
            case "ReplicaSet":
                return replicaSets.cached(namespace, name).isPresent();
            case "Job":
                return jobs.cached(namespace, name).isPresent();
            case "Pod":
                return pods.cached(namespace, name).isPresent();
            default:
                return true;
        }
    }

    /**
     * Whether two versions of a Deployment, StatefulSet or DaemonSet have the same pod template (a change of
     * template is a new revision; a change of replicas or status is not). Both are compared in their lean form.
     */
    public static boolean sameTemplate(HasMetadata before, HasMetadata after) {
        PodTemplateSpec a = template(before);
        PodTemplateSpec b = template(after);
        LeanItemStore.release(a);
        LeanItemStore.release(b);
        return java.util.Objects.equals(a, b);
    }

    private static PodTemplateSpec template(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec() == null ? null : d.getSpec().getTemplate();
        } else if (workload instanceof StatefulSet s) {
            return s.getSpec() == null ? null : s.getSpec().getTemplate();
        } else if (workload instanceof DaemonSet ds) {
            return ds.getSpec() == null ? null : ds.getSpec().getTemplate();
        }
        return null;
    }

    @Override
    public void close() {
        all().forEach(Watched::close);
    }

    private List<Watched<?>> all() {
        return List.of(pods, jobs, replicaSets, deployments, statefulSets, daemonSets);
    }

    private static List<String> ownerUids(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? List.of() : owners.stream().map(OwnerReference::getUid).filter(java.util.Objects::nonNull).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }
}
