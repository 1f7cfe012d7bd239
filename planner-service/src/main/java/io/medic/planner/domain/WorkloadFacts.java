package io.medic.planner.domain;

import io.medic.events.WorkloadRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner reads about a workload from the API server: its annotations (the workload's, completed by
 * its pod template's), its labels, its namespace's annotations and its app containers. Secrets are never part
 * of it. {@link #found} is false when the workload could not be read (then only the signal's links count).
 */
public record WorkloadFacts(WorkloadRef workload, boolean found, Map<String, String> annotations,
                            Map<String, String> labels, Map<String, String> namespaceAnnotations,
                            List<Container> containers) {

    /** An app container of the pod template: its name, image and declared ports, in order. */
    public record Container(String name, String image, List<Integer> ports) {
        public Container {
            ports = List.copyOf(ports);
        }
    }

    public WorkloadFacts {
        annotations = Map.copyOf(annotations);
        labels = Map.copyOf(labels);
        namespaceAnnotations = Map.copyOf(namespaceAnnotations);
        containers = List.copyOf(containers);
    }

    public static WorkloadFacts unknown(WorkloadRef workload) {
        return new WorkloadFacts(workload, false, Map.of(), Map.of(), Map.of(), List.of());
    }

    public Optional<String> annotation(String name) {
        String value = annotations.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public Optional<String> label(String name) {
        String value = labels.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public Optional<String> namespaceAnnotation(String name) {
        String value = namespaceAnnotations.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * The port an HTTP check should use: annotation {@code medic.io/health-port}, else the first containerPort
     * of {@code preferred} (the crashed app container), else of the first app container that declares one.
     */
    public Optional<Integer> healthPort(String preferred) {
        Optional<String> declared = annotation(PlannerAnnotations.HEALTH_PORT);
        if (declared.isPresent()) {
            try {
                int port = Integer.parseInt(declared.get());
                return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return containers.stream().filter(c -> c.name().equals(preferred) && !c.ports().isEmpty()).findFirst()
                .or(() -> containers.stream().filter(c -> !c.ports().isEmpty()).findFirst())
                .map(c -> c.ports().get(0));
    }
}
