package io.medic.executor.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A workload's rollout as its pods show it, without asking any controller: the new pods are those made
 * from the current pod template (they carry its {@code kubectl.kubernetes.io/restartedAt} annotation, as
 * the controllers copy template annotations onto pods, and its container images); the rollout is done when
 * as many new pods as the workload wants are Ready and no old pod is left running.
 */
public record Rollout(int desired, List<Pod> newPods, List<Pod> oldPods) {

    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    public static Rollout of(PodTemplateSpec template, Integer replicas, List<Pod> pods) {
        int desired = replicas == null ? 1 : replicas;
        List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<Pod> fresh = live.stream().filter(p -> fromTemplate(template, p)).toList();
        List<Pod> old = live.stream().filter(p -> !fromTemplate(template, p)).toList();
        return new Rollout(desired, fresh, old);
    }

    static boolean fromTemplate(PodTemplateSpec template, Pod pod) {
        String wanted = annotation(template.getMetadata() == null ? null : template.getMetadata().getAnnotations());
        String has = annotation(pod.getMetadata().getAnnotations());
        if (!Objects.equals(wanted, has)) {
            return false;
        }
        Map<String, String> images = pod.getSpec().getContainers().stream()
                .collect(Collectors.toMap(Container::getName, c -> String.valueOf(c.getImage()), (a, b) -> a));
        return template.getSpec().getContainers().stream()
                .allMatch(c -> String.valueOf(c.getImage()).equals(images.get(c.getName())));
    }

    private static String annotation(Map<String, String> annotations) {
        return annotations == null ? null : annotations.get(RESTARTED_AT);
    }

    public List<Pod> readyNewPods() {
        return newPods.stream().filter(Rollout::ready).toList();
    }

    public boolean complete() {
        return readyNewPods().size() >= desired && oldPods.isEmpty();
    }

    public static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Restarts of all the pod's containers (init containers included), as the kubelet counts them. */
    public static int restarts(Pod pod) {
        if (pod.getStatus() == null) {
            return 0;
        }
        int total = 0;
        for (List<ContainerStatus> statuses : List.of(nullSafe(pod.getStatus().getContainerStatuses()),
                nullSafe(pod.getStatus().getInitContainerStatuses()))) {
            for (ContainerStatus s : statuses) {
                total += s.getRestartCount() == null ? 0 : s.getRestartCount();
            }
        }
        return total;
    }

    /** One line per pod: name, new or old, Ready, restarts, the reason a container waits (CrashLoopBackOff). */
    public String describe() {
        StringBuilder text = new StringBuilder("want " + desired + " Ready new pod(s)");
        for (Pod p : newPods) {
            text.append("; new ").append(line(p));
        }
        for (Pod p : oldPods) {
            text.append("; old ").append(line(p));
        }
        return text.toString();
    }

    private static String line(Pod p) {
        String waiting = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? ""
                : p.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                .map(s -> " " + s.getName() + " " + s.getState().getWaiting().getReason())
                .collect(Collectors.joining());
        return p.getMetadata().getName() + (ready(p) ? " Ready" : " not Ready") + " restarts " + restarts(p) + waiting;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
