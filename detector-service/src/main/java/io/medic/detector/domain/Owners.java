package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Small helpers over object metadata: the controlling owner, labels, merged annotations. */
public final class Owners {

    private Owners() {
    }

    /** The controller owner reference (or the only owner, when none is marked controller). */
    public static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
            return null;
        }
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .orElse(owners.size() == 1 ? owners.get(0) : null);
    }

    static String label(HasMetadata object, String name) {
        Map<String, String> labels = object == null ? null : object.getMetadata().getLabels();
        return labels == null ? null : labels.get(name);
    }

    static String annotation(HasMetadata object, String name) {
        Map<String, String> annotations = object == null ? null : object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    /** Annotations of {@code objects}, the first object's winning. */
    static Map<String, String> annotations(HasMetadata... objects) {
        Map<String, String> merged = new HashMap<>();
        for (HasMetadata object : objects) {
            if (object != null && object.getMetadata().getAnnotations() != null) {
                object.getMetadata().getAnnotations().forEach(merged::putIfAbsent);
            }
        }
        return merged;
    }

    static boolean ignored(HasMetadata... objects) {
        for (HasMetadata object : objects) {
            if (object != null && Annotations.ignored(object.getMetadata().getAnnotations())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a numbered revision is not older than the workload's current one. Newer counts as current: the
     * informer may show the ReplicaSet of a rollout before the Deployment that made it. Absent or unreadable
     * numbers cannot contradict.
     */
    static boolean notOlder(String revision, String current) {
        try {
            return revision == null || current == null || Long.parseLong(revision.strip()) >= Long.parseLong(current.strip());
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Whether two revision markers agree; an absent marker cannot contradict. */
    static boolean sameOrUnknown(String a, String b) {
        return a == null || b == null || Objects.equals(a, b);
    }
}
