package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.List;
import java.util.Optional;

/** The cluster objects the detector's rules look up (informer caches, with the API server behind them). */
public interface ClusterView {

    Optional<Pod> pod(String namespace, String name);

    Optional<ReplicaSet> replicaSet(String namespace, String name);

    Optional<Deployment> deployment(String namespace, String name);

    Optional<StatefulSet> statefulSet(String namespace, String name);

    Optional<DaemonSet> daemonSet(String namespace, String name);

    Optional<Job> job(String namespace, String name);

    Optional<CronJob> cronJob(String namespace, String name);

    /** The Deployments, StatefulSets and DaemonSets of a namespace (to link a migration Job to one of them). */
    List<HasMetadata> workloads(String namespace);

    /** The pods a Job created. */
    List<Pod> podsOf(Job job);

    /**
     * Whether the object of that kind still exists, as far as the caches know (for ending the episodes of
     * deleted workloads without asking the API server); kinds the detector does not watch are taken to exist.
     */
    boolean exists(String namespace, String kind, String name);
}
