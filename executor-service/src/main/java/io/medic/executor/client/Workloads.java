package io.medic.executor.client;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.medic.events.EventCodec;
import io.medic.events.WorkloadRef;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.Retry;
import io.medic.executor.domain.Rollout;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The workloads plans change, through Fabric8: their pod template, their pods, and the two patches the
 * executor makes (a rollout restart's annotation, a container's image). Deployments, StatefulSets and
 * DaemonSets, as {@code kubectl rollout restart} supports them.
 */
@ApplicationScoped
public class Workloads {

    private final KubernetesClient client;
    private final Retry retry;

    public Workloads(KubernetesClient client, ExecutorConfig config) {
        this.client = client;
        this.retry = new Retry(config.retry().attempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** The workload's pod template, desired replicas and selector, read now. */
    public record Shape(PodTemplateSpec template, Integer replicas, LabelSelector selector) {
    }

    public Shape shape(WorkloadRef ref) {
        return retry.get(() -> switch (kind(ref)) {
            case "Deployment" -> {
                Deployment d = require(ref, client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get());
                yield new Shape(d.getSpec().getTemplate(), d.getSpec().getReplicas(), d.getSpec().getSelector());
            }
            case "StatefulSet" -> {
                StatefulSet s = require(ref, client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get());
                yield new Shape(s.getSpec().getTemplate(), s.getSpec().getReplicas(), s.getSpec().getSelector());
            }
            case "DaemonSet" -> {
                DaemonSet s = require(ref, client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name()).get());
                yield new Shape(s.getSpec().getTemplate(), s.getStatus() == null ? null
                        : s.getStatus().getDesiredNumberScheduled(), s.getSpec().getSelector());
            }
            default -> throw new IllegalStateException("unreachable");
        });
    }

    /** The workload's pods (by its selector), as they are now. */
    public List<Pod> pods(WorkloadRef ref, LabelSelector selector) {
        return retry.get(() -> client.pods().inNamespace(ref.namespace()).withLabelSelector(selector).list().getItems());
    }

    public Rollout rollout(WorkloadRef ref) {
        Shape shape = shape(ref);
        return Rollout.of(shape.template(), shape.replicas(), pods(ref, shape.selector()));
    }

    /** {@code kubectl rollout restart}: the pod template's restartedAt annotation set to {@code value}. */
    public void restart(WorkloadRef ref, String value) {
        String patch = EventCodec.encodeToString(Map.of("spec", Map.of("template", Map.of("metadata",
                Map.of("annotations", Map.of(Rollout.RESTARTED_AT, value))))));
        patch(ref, PatchType.JSON_MERGE, patch);
    }

    /**
     * Sets one container's image. A JSON patch that first tests the container's name at its index (read just
     * before), so a template that changed in between is refused by the API server, not patched blindly.
     */
    public void setImage(WorkloadRef ref, String container, String image) {
        List<io.fabric8.kubernetes.api.model.Container> containers = shape(ref).template().getSpec().getContainers();
        int index = -1;
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).getName().equals(container)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalStateException(ref.kind() + " " + ref.key() + " has no container " + container);
        }
        String base = "/spec/template/spec/containers/" + index;
        String patch = EventCodec.encodeToString(List.of(
                Map.of("op", "test", "path", base + "/name", "value", container),
                Map.of("op", "replace", "path", base + "/image", "value", image)));
        patch(ref, PatchType.JSON, patch);
    }

    private void patch(WorkloadRef ref, PatchType type, String patch) {
        PatchContext context = PatchContext.of(type);
        // a patch is sent once: only a connection that never got through is retried
        retry.get(() -> switch (kind(ref)) {
            case "Deployment" -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).patch(context, patch);
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).patch(context, patch);
            case "DaemonSet" -> client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name()).patch(context, patch);
            default -> throw new IllegalStateException("unreachable");
        });
    }

    private static String kind(WorkloadRef ref) {
        return switch (ref.kind()) {
            case "Deployment", "StatefulSet", "DaemonSet" -> ref.kind();
            default -> throw new IllegalStateException("cannot restart or roll a " + ref.kind() + " (" + ref.key()
                    + "): only Deployments, StatefulSets and DaemonSets");
        };
    }

    private static <T> T require(WorkloadRef ref, T workload) {
        if (workload == null) {
            throw new IllegalStateException(ref.kind() + " " + ref.key() + " does not exist");
        }
        return workload;
    }
}
