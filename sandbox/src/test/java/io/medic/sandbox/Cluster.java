package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** What the tests ask the sandbox's API server, and the waits they make on it (with deadlines, never sleeps). */
public final class Cluster {

    private Cluster() {
    }

    public static Pod awaitPod(KubernetesClient client, String namespace, String name, Duration timeout, Predicate<Pod> condition) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> client.pods().inNamespace(namespace).withName(name).get(), p -> p != null && condition.test(p));
    }

    /** The one pod of a namespace matching {@code condition} (tests create one workload per namespace). */
    public static Pod awaitOnlyPod(KubernetesClient client, String namespace, Duration timeout, Predicate<Pod> condition) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> pods(client, namespace).stream().filter(condition).toList(), l -> l.size() == 1).get(0);
    }

    /** This JVM's descendant {@code sleep <seconds>} processes (what the tests' containers run). */
    public static List<ProcessHandle> sleeps(String seconds) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/sleep")
                        && List.of(p.info().arguments().orElse(new String[0])).equals(List.of(seconds)))
                .toList();
    }

    /**
     * Whether a process still runs: alive and not a zombie (a killed container's orphans are reaped by init when it
     * gets to them; until then {@link ProcessHandle#isAlive} still says true).
     */
    public static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException | RuntimeException gone) {
            return false;
        }
    }

    public static List<Pod> pods(KubernetesClient client, String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
    }

    public static Optional<ContainerStatus> container(Pod pod, String name) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return Stream.concat(
                        pod.getStatus().getContainerStatuses() == null ? Stream.empty() : pod.getStatus().getContainerStatuses().stream(),
                        pod.getStatus().getInitContainerStatuses() == null ? Stream.empty() : pod.getStatus().getInitContainerStatuses().stream())
                .filter(s -> name.equals(s.getName())).findFirst();
    }

    public static int restarts(Pod pod, String container) {
        return container(pod, container).map(ContainerStatus::getRestartCount).orElse(0);
    }

    public static String waitingReason(Pod pod, String container) {
        return container(pod, container).map(s -> s.getState() == null || s.getState().getWaiting() == null ? null
                : s.getState().getWaiting().getReason()).orElse(null);
    }

    public static boolean running(Pod pod, String container) {
        return container(pod, container).map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false);
    }

    public static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    public static String condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).map(c -> c.getStatus()).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
