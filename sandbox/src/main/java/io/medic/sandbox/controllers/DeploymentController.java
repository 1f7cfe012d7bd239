package io.medic.sandbox.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.sandbox.cluster.Statuses;
import io.medic.sandbox.cluster.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Deployment controller, for what a rollout needs: the ReplicaSet of the current pod template
 * ({@code <deployment>-<pod-template-hash>}, labels and selector with {@code pod-template-hash}, the
 * {@code deployment.kubernetes.io/revision} annotation, the same on the Deployment); RollingUpdate with the
 * real scale-up and scale-down arithmetic ({@code maxSurge} / {@code maxUnavailable}: with one replica the
 * new pod comes first and the old one goes once the new one is available), or Recreate; old ReplicaSets
 * beyond {@code revisionHistoryLimit} deleted; status as {@code kubectl rollout status} reads it, with the
 * Available and Progressing conditions ({@code ProgressDeadlineExceeded} after {@code progressDeadlineSeconds}).
 * Not done: pausing, proportional scaling of several old ReplicaSets during a resize, revision history annotations.
 */
final class DeploymentController extends Controller {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String HASH_LABEL = "pod-template-hash";
    private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    DeploymentController(KubernetesClient client) {
        super(client, "deployment-controller");
    }

    @Override
    protected void register(Informers informers) {
        informers.deployments.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                enqueue(d.getMetadata().getNamespace(), d.getMetadata().getName());
            }

            @Override
            public void onUpdate(Deployment old, Deployment d) {
                enqueue(d.getMetadata().getNamespace(), d.getMetadata().getName());
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }
        });
        informers.replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                owner(rs);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                owner(rs);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                owner(rs);
            }
        });
    }

    private void owner(ReplicaSet rs) {
        Owners.controllerOf(rs).filter(r -> "Deployment".equals(r.getKind()))
                .ifPresent(r -> enqueue(rs.getMetadata().getNamespace(), r.getName()));
    }

    @Override
    protected void reconcile(String namespace, String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null || d.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<ReplicaSet> owned = new ArrayList<>(client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                .filter(rs -> Owners.controlledBy(rs, d)).toList());
        owned.sort(Comparator.comparing((ReplicaSet rs) -> revision(rs)).thenComparing(rs -> rs.getMetadata().getCreationTimestamp()));
        PodTemplateSpec template = d.getSpec().getTemplate();
        ReplicaSet newRs = owned.stream().filter(rs -> sameTemplate(rs.getSpec().getTemplate(), template))
                .reduce((a, b) -> b).orElse(null);
        List<ReplicaSet> olds = new ArrayList<>(owned);
        olds.remove(newRs);
        int replicas = replicas(d);
        long maxOldRevision = olds.stream().mapToLong(DeploymentController::revision).max().orElse(0);
        boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
        boolean created = false;
        boolean scaled = false;

        if (recreate) {
            for (ReplicaSet old : olds) {
                if (specReplicas(old) > 0) {
                    scale(d, old, 0);
                    scaled = true;
                }
            }
            boolean oldPodsRunning = olds.stream().anyMatch(rs -> rs.getStatus() != null && rs.getStatus().getReplicas() != null
                    && rs.getStatus().getReplicas() > 0);
            if (!scaled && !oldPodsRunning) {
                if (newRs == null) {
                    newRs = createReplicaSet(d, olds, maxOldRevision + 1, replicas);
                    created = true;
                } else if (specReplicas(newRs) != replicas) {
                    newRs = scale(d, newRs, replicas);
                    scaled = true;
                }
            }
        } else {
            if (newRs == null) {
                int initial = newReplicaCount(d, olds, null);
                newRs = createReplicaSet(d, olds, maxOldRevision + 1, initial);
                created = true;
            } else {
                int target = newReplicaCount(d, olds, newRs);
                if (target != specReplicas(newRs)) {
                    newRs = scale(d, newRs, target);
                    scaled = true;
                }
            }
            scaled |= scaleDownOld(d, newRs, olds);
        }
        if (newRs != null && revision(newRs) <= maxOldRevision) {
            newRs = annotate(newRs, REVISION, Long.toString(maxOldRevision + 1));
        }
        if (newRs != null) {
            String revision = Long.toString(revision(newRs));
            Map<String, String> annotations = d.getMetadata().getAnnotations();
            if (annotations == null || !revision.equals(annotations.get(REVISION))) {
                client.apps().deployments().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + REVISION + "\":\"" + revision + "\"}}}");
            }
        }
        cleanUpHistory(d, olds);
        updateStatus(d, newRs, olds, created, scaled);
    }

    // ---- ReplicaSets

    private ReplicaSet createReplicaSet(Deployment d, List<ReplicaSet> olds, long revision, int replicas) {
        PodTemplateSpec template = d.getSpec().getTemplate();
        int collisionCount = d.getStatus() == null || d.getStatus().getCollisionCount() == null ? 0 : d.getStatus().getCollisionCount();
        for (int attempt = 0; attempt < 5; attempt++) {
            String hash = podTemplateHash(template, collisionCount + attempt);
            Map<String, String> labels = new LinkedHashMap<>(labels(template.getMetadata()));
            labels.put(HASH_LABEL, hash);
            Map<String, String> annotations = new LinkedHashMap<>();
            if (d.getMetadata().getAnnotations() != null) {
                d.getMetadata().getAnnotations().forEach((k, v) -> {
                    if (!k.equals(REVISION) && !k.equals("kubectl.kubernetes.io/last-applied-configuration")
                            && !k.startsWith("deployment.kubernetes.io/")) {
                        annotations.put(k, v);
                    }
                });
            }
            annotations.put(REVISION, Long.toString(revision));
            annotations.put(DESIRED_REPLICAS, Integer.toString(replicas(d)));
            annotations.put(MAX_REPLICAS, Integer.toString(replicas(d) + maxSurge(d)));
            LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(HASH_LABEL, hash).build();
            PodTemplateSpec rsTemplate = new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(labels).endMetadata().build();
            ReplicaSet rs = new ReplicaSetBuilder()
                    .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash).withNamespace(d.getMetadata().getNamespace())
                    .withLabels(labels).withAnnotations(annotations).withOwnerReferences(Owners.controllerReference(d)).endMetadata()
                    .withNewSpec().withReplicas(replicas).withMinReadySeconds(d.getSpec().getMinReadySeconds())
                    .withSelector(selector).withTemplate(rsTemplate).endSpec()
                    .build();
            try {
                ReplicaSet createdRs = client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create();
                events.normal(d, null, "ScalingReplicaSet", "Scaled up replica set " + rs.getMetadata().getName() + " from 0 to " + replicas);
                return createdRs;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("cannot create a ReplicaSet for " + d.getMetadata().getName() + ": every name is taken");
    }

    private ReplicaSet scale(Deployment d, ReplicaSet rs, int replicas) {
        int from = specReplicas(rs);
        ReplicaSet scaled = client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + DESIRED_REPLICAS + "\":\"" + replicas(d)
                        + "\",\"" + MAX_REPLICAS + "\":\"" + (replicas(d) + maxSurge(d)) + "\"}},\"spec\":{\"replicas\":" + replicas + "}}");
        events.normal(d, null, "ScalingReplicaSet", "Scaled " + (replicas > from ? "up" : "down") + " replica set "
                + rs.getMetadata().getName() + " from " + from + " to " + replicas);
        return scaled;
    }

    private ReplicaSet annotate(ReplicaSet rs, String key, String value) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
    }

    /** The new ReplicaSet's replicas during a rolling update: up to {@code replicas + maxSurge} pods in all. */
    private int newReplicaCount(Deployment d, List<ReplicaSet> olds, ReplicaSet newRs) {
        int replicas = replicas(d);
        int current = newRs == null ? 0 : specReplicas(newRs);
        if (current >= replicas) {
            return replicas;
        }
        int allPods = olds.stream().mapToInt(DeploymentController::specReplicas).sum() + current;
        int maxTotal = replicas + maxSurge(d);
        if (allPods >= maxTotal) {
            return current;
        }
        return current + Math.min(maxTotal - allPods, replicas - current);
    }

    /** Scales old ReplicaSets down as far as {@code maxUnavailable} allows: unhealthy pods first, then available ones. */
    private boolean scaleDownOld(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds) {
        int oldPods = olds.stream().mapToInt(DeploymentController::specReplicas).sum();
        if (oldPods == 0) {
            return false;
        }
        int replicas = replicas(d);
        int minAvailable = replicas - maxUnavailable(d);
        int allPods = oldPods + specReplicas(newRs);
        int newUnavailable = specReplicas(newRs) - available(newRs);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        boolean scaled = false;
        List<ReplicaSet> oldest = new ArrayList<>(olds);
        oldest.sort(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()));
        Map<String, Integer> target = new LinkedHashMap<>();
        int cleaned = 0;
        for (ReplicaSet rs : oldest) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int spec = specReplicas(rs);
            int unhealthy = spec - available(rs);
            if (spec == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            target.put(rs.getMetadata().getName(), spec - down);
            cleaned += down;
        }
        int availablePods = available(newRs) + olds.stream().mapToInt(DeploymentController::available).sum();
        int totalScaleDown = availablePods - minAvailable;
        int scaledDown = 0;
        for (ReplicaSet rs : oldest) {
            if (scaledDown >= totalScaleDown) {
                break;
            }
            int spec = target.getOrDefault(rs.getMetadata().getName(), specReplicas(rs));
            if (spec == 0) {
                continue;
            }
            int down = Math.min(spec, totalScaleDown - scaledDown);
            target.put(rs.getMetadata().getName(), spec - down);
            scaledDown += down;
        }
        for (ReplicaSet rs : oldest) {
            Integer t = target.get(rs.getMetadata().getName());
            if (t != null && t != specReplicas(rs)) {
                scale(d, rs, t);
                scaled = true;
            }
        }
        return scaled;
    }

    private void cleanUpHistory(Deployment d, List<ReplicaSet> olds) {
        int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
        List<ReplicaSet> idle = olds.stream().filter(rs -> specReplicas(rs) == 0
                        && (rs.getStatus() == null || rs.getStatus().getReplicas() == null || rs.getStatus().getReplicas() == 0))
                .sorted(Comparator.comparing(DeploymentController::revision)).toList();
        for (int i = 0; i < idle.size() - limit; i++) {
            ReplicaSet rs = idle.get(i);
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName()).delete();
        }
    }

    // ---- status

    private void updateStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> olds, boolean created, boolean scaled) {
        List<ReplicaSet> all = new ArrayList<>(olds);
        if (newRs != null) {
            all.add(newRs);
        }
        int replicas = replicas(d);
        int statusReplicas = all.stream().mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas()).sum();
        int updated = newRs == null || newRs.getStatus() == null || newRs.getStatus().getReplicas() == null ? 0 : newRs.getStatus().getReplicas();
        int ready = all.stream().mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas()).sum();
        int available = all.stream().mapToInt(DeploymentController::available).sum();
        int total = all.stream().mapToInt(DeploymentController::specReplicas).sum();
        DeploymentStatus old = d.getStatus();
        String now = Timestamps.now();
        String rsName = newRs == null ? "" : newRs.getMetadata().getName();
        Map<String, DeploymentCondition> conditions = new LinkedHashMap<>();
        if (old != null && old.getConditions() != null) {
            old.getConditions().forEach(c -> conditions.put(c.getType(), c));
        }
        boolean minimumAvailable = available >= replicas - maxUnavailable(d);
        condition(conditions, "Available", minimumAvailable, minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimumAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now, false);
        boolean complete = newRs != null && updated == replicas && available >= replicas && statusReplicas == replicas
                && specReplicas(newRs) == replicas && olds.stream().allMatch(rs -> specReplicas(rs) == 0);
        boolean progressed = created || scaled || old == null || !Objects.equals(old.getUpdatedReplicas(), updated)
                || !Objects.equals(old.getReadyReplicas(), ready) || !Objects.equals(old.getAvailableReplicas(), available)
                || !Objects.equals(old.getReplicas(), statusReplicas);
        DeploymentCondition progressing = conditions.get("Progressing");
        int deadline = d.getSpec().getProgressDeadlineSeconds() == null ? 600 : d.getSpec().getProgressDeadlineSeconds();
        if (complete) {
            condition(conditions, "Progressing", true, "NewReplicaSetAvailable", "ReplicaSet \"" + rsName + "\" has successfully progressed.", now,
                    progressing == null || !"NewReplicaSetAvailable".equals(progressing.getReason()));
        } else if (created) {
            condition(conditions, "Progressing", true, "NewReplicaSetCreated", "Created new replica set \"" + rsName + "\"", now, true);
        } else if (progressed || progressing == null || "NewReplicaSetAvailable".equals(progressing.getReason())) {
            condition(conditions, "Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.", now, true);
        } else if (!"ProgressDeadlineExceeded".equals(progressing.getReason())) {
            Instant since = Timestamps.parse(progressing.getLastUpdateTime());
            if (!Instant.now().isBefore(since.plusSeconds(deadline))) {
                condition(conditions, "Progressing", false, "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + rsName + "\" has timed out progressing.", now, true);
            }
        }
        DeploymentCondition nowProgressing = conditions.get("Progressing");
        if (!complete && !"ProgressDeadlineExceeded".equals(nowProgressing.getReason())) {
            // look again when the deadline passes, in case nothing else happens until then
            Instant due = Timestamps.parse(nowProgressing.getLastUpdateTime()).plusSeconds(deadline);
            enqueueAfter(d.getMetadata().getNamespace(), d.getMetadata().getName(), Duration.between(Instant.now(), due).plusMillis(500));
        }
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(statusReplicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, total - available))
                .withCollisionCount(old == null ? null : old.getCollisionCount())
                .withConditions(List.copyOf(conditions.values()))
                .build();
        if (!status.equals(old)) {
            Statuses.replace(client, d, status);
        }
    }

    private static void condition(Map<String, DeploymentCondition> conditions, String type, boolean value, String reason, String message,
                                  String now, boolean updated) {
        DeploymentCondition current = conditions.get(type);
        String status = value ? "True" : "False";
        boolean flipped = current == null || !current.getStatus().equals(status);
        boolean changed = flipped || !Objects.equals(current.getReason(), reason) || !Objects.equals(current.getMessage(), message);
        if (!changed && !updated) {
            return;
        }
        conditions.put(type, new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(changed || updated ? now : current.getLastUpdateTime())
                .withLastTransitionTime(flipped ? now : current.getLastTransitionTime()).build());
    }

    // ---- arithmetic

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static int specReplicas(ReplicaSet rs) {
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    private static int available(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
    }

    static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        try {
            return a == null || a.get(REVISION) == null ? 0 : Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<RollingUpdateDeployment> rolling(Deployment d) {
        return d.getSpec().getStrategy() == null ? Optional.empty() : Optional.ofNullable(d.getSpec().getStrategy().getRollingUpdate());
    }

    static int maxSurge(Deployment d) {
        int surge = resolve(rolling(d).map(RollingUpdateDeployment::getMaxSurge).orElse(null), replicas(d), true);
        int unavailable = resolve(rolling(d).map(RollingUpdateDeployment::getMaxUnavailable).orElse(null), replicas(d), false);
        return surge == 0 && unavailable == 0 ? 0 : surge;
    }

    static int maxUnavailable(Deployment d) {
        if (d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType())) {
            return replicas(d);
        }
        int surge = resolve(rolling(d).map(RollingUpdateDeployment::getMaxSurge).orElse(null), replicas(d), true);
        int unavailable = resolve(rolling(d).map(RollingUpdateDeployment::getMaxUnavailable).orElse(null), replicas(d), false);
        return surge == 0 && unavailable == 0 ? 1 : Math.min(unavailable, replicas(d));
    }

    /** An int or a percentage of {@code total} (25% when absent), rounded up (maxSurge) or down (maxUnavailable). */
    static int resolve(IntOrString value, int total, boolean roundUp) {
        if (value != null && value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value == null || value.getStrVal() == null ? "25%" : value.getStrVal().strip();
        if (!text.endsWith("%")) {
            return Integer.parseInt(text);
        }
        double percent = Double.parseDouble(text.substring(0, text.length() - 1));
        double exact = total * percent / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }

    // ---- template identity

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    static boolean sameTemplate(PodTemplateSpec rsTemplate, PodTemplateSpec template) {
        return withoutHash(rsTemplate).equals(withoutHash(template));
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpecBuilder b = new PodTemplateSpecBuilder(template);
        Map<String, String> labels = new LinkedHashMap<>(labels(template.getMetadata()));
        labels.remove(HASH_LABEL);
        PodTemplateSpec copy = b.editOrNewMetadata().withLabels(labels.isEmpty() ? null : labels).endMetadata().build();
        if (copy.getMetadata().getAnnotations() != null && copy.getMetadata().getAnnotations().isEmpty()) {
            copy.getMetadata().setAnnotations(null);
        }
        return copy;
    }

    /** FNV-32a of the template (its JSON, keys sorted) and the collision count, encoded as Kubernetes encodes it. */
    static String podTemplateHash(PodTemplateSpec template, int collisionCount) {
        try {
            Object tree = SORTED.convertValue(SORTED.valueToTree(withoutHash(template)), Map.class);
            byte[] bytes = (SORTED.writeValueAsString(tree) + (collisionCount > 0 ? Integer.toString(collisionCount) : ""))
                    .getBytes(StandardCharsets.UTF_8);
            int hash = 0x811c9dc5;
            for (byte b : bytes) {
                hash ^= (b & 0xff);
                hash *= 0x01000193;
            }
            return Owners.safeEncode(Integer.toUnsignedString(hash));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
