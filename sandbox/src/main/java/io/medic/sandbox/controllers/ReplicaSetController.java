package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.sandbox.cluster.Statuses;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code spec.replicas} active pods of each ReplicaSet, created from its template (name
 * {@code <replicaset>-<5 characters>}, controller owner reference), deleting surplus pods the way the real
 * controller ranks them (unscheduled, pending, not ready, most restarts, newest first); reports replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration.
 */
final class ReplicaSetController extends Controller {

    ReplicaSetController(KubernetesClient client) {
        super(client, "replicaset-controller");
    }

    @Override
    protected void register(Informers informers) {
        informers.replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                enqueue(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                enqueue(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
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
        Owners.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
                .ifPresent(r -> enqueue(pod.getMetadata().getNamespace(), r.getName()));
    }

    @Override
    protected void reconcile(String namespace, String name) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
        if (rs == null || rs.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<Pod> owned = client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> Owners.controlledBy(p, rs)).toList();
        List<Pod> active = owned.stream().filter(Owners::active).toList();
        int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = desired - active.size();
        if (diff > 0) {
            for (int i = 0; i < diff; i++) {
                create(rs);
            }
        } else if (diff < 0) {
            active.stream().sorted(DELETION_ORDER).limit(-diff).forEach(p -> delete(rs, p));
        }
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        Instant now = Instant.now();
        long ready = active.stream().filter(Owners::ready).count();
        long available = active.stream().filter(p -> Owners.available(p, minReady, now)).count();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(active.size())
                .withFullyLabeledReplicas(active.size())
                .withReadyReplicas((int) ready)
                .withAvailableReplicas((int) available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .build();
        if (!status.equals(rs.getStatus())) {
            Statuses.replace(client, rs, status);
        }
        if (available < ready) {
            enqueueAfter(namespace, name, Duration.ofSeconds(1));
        }
    }

    private void create(ReplicaSet rs) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        OwnerReference owner = Owners.controllerReference(rs);
        for (int attempt = 0; attempt < 5; attempt++) {
            String podName = rs.getMetadata().getName() + "-" + Owners.randomSuffix();
            Pod pod = new PodBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(podName).withNamespace(rs.getMetadata().getNamespace())
                            .withLabels(templateMeta.getLabels() == null ? Map.of() : templateMeta.getLabels())
                            .withAnnotations(templateMeta.getAnnotations() == null ? Map.of() : templateMeta.getAnnotations())
                            .withOwnerReferences(owner).build())
                    .withSpec(template.getSpec())
                    .build();
            try {
                client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod).create();
                events.normal(rs, null, "SuccessfulCreate", "Created pod: " + podName);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(rs, null, "FailedCreate", "Error creating: " + e.getMessage());
                    throw e;
                }
            }
        }
    }

    private void delete(ReplicaSet rs, Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        events.normal(rs, null, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
    }

    /** Which pods go first when scaling down (the real controller's ranking, simplified). */
    private static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod p) -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty())
            .thenComparing(p -> phaseRank(p))
            .thenComparing(Owners::ready)
            .thenComparing(p -> -restarts(p))
            .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp(),
                    Comparator.reverseOrder());

    private static int phaseRank(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Pending".equals(phase) || phase == null) {
            return 0;
        }
        return "Running".equals(phase) ? 2 : 1;
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }
}
