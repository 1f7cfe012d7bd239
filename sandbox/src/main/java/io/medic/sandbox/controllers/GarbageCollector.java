package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.sandbox.apiserver.DeletionLog;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The garbage collector, for the owners the sandbox's controllers create: when a Deployment, ReplicaSet or
 * Job is gone, its dependents (ReplicaSets, pods) are deleted, or orphaned (the owner reference removed)
 * when the deletion asked for {@code propagationPolicy: Orphan} (a batch/v1 Job's default). Foreground
 * deletion is treated as background: the owner is gone at once, its dependents follow.
 */
final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());

    private final KubernetesClient client;
    private final DeletionLog deletions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "garbage-collector");
        t.setDaemon(true);
        return t;
    });

    GarbageCollector(KubernetesClient client, DeletionLog deletions) {
        this.client = client;
        this.deletions = deletions;
    }

    void register(Informers informers) {
        informers.deployments.addEventHandler(onDelete());
        informers.replicaSets.addEventHandler(onDelete());
        informers.jobs.addEventHandler(onDelete());
    }

    private <T extends HasMetadata> ResourceEventHandler<T> onDelete() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
            }

            @Override
            public void onDelete(T owner, boolean unknown) {
                worker.execute(() -> collect(owner));
            }
        };
    }

    private void collect(HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        String namespace = owner.getMetadata().getNamespace();
        DeletionLog.Propagation propagation = deletions.take(uid);
        try {
            List<HasMetadata> dependents = Stream.concat(
                    client.apps().replicaSets().inNamespace(namespace).list().getItems().stream(),
                    client.pods().inNamespace(namespace).list().getItems().stream())
                    .filter(d -> Owners.ownedBy(d, uid)).map(d -> (HasMetadata) d).toList();
            for (HasMetadata dependent : dependents) {
                List<OwnerReference> others = dependent.getMetadata().getOwnerReferences().stream()
                        .filter(r -> !uid.equals(r.getUid())).toList();
                if (propagation == DeletionLog.Propagation.ORPHAN || !others.isEmpty()) {
                    client.resource(dependent).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"ownerReferences\":" + client.getKubernetesSerialization().asJson(others) + "}}");
                } else {
                    client.resource(dependent).delete();
                }
            }
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "garbage collector: dependents of " + owner.getKind() + " " + namespace + "/"
                    + owner.getMetadata().getName() + " not collected", e);
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
