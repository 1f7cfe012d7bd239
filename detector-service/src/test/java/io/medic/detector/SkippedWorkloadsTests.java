package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.medic.events.Signal;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.medic.detector.SignalsOnKafka.log;
import static io.medic.detector.TestCluster.IMAGE;
import static io.medic.detector.TestCluster.LINKS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namespaces the detector is told to skip, and workloads annotated {@code medic.io/ignore: "true"}, give
 * nothing. Each "nothing" is proven against a later crash that does give a signal and that the detector
 * necessarily handles after the skipped one (same informer stream, or same pod), or against the
 * detector's own count of the crashes it passed over.
 */
@QuarkusTest
class SkippedWorkloadsTests extends ClusterScenario {

    @Test
    void aPodInASkippedNamespaceGivesNothing() {
        Pod skipped = crashingPod("medic-skipped", "skipped-api", Map.of(), Map.of());
        cluster.crashLoop(skipped, 5);
        String watched = TestCluster.namespace("watched");
        Pod sentinel = crashingPod(watched, "basketball-api", Map.of(), Map.of());
        cluster.crashLoop(sentinel, 5);

        signals.awaitOne(watched + "/basketball-api", s -> true);

        assertThat(signals.all("medic-skipped/skipped-api")).isEmpty();
    }

    @Test
    void aPodAnnotatedIgnoreGivesNothing() {
        String ns = TestCluster.namespace("ignored-pod");
        Pod ignored = crashingPod(ns, "batch-worker", Map.of(), Map.of("medic.io/ignore", "true"));
        cluster.crashLoop(ignored, 5);
        Pod sentinel = crashingPod(ns, "basketball-api", Map.of(), Map.of());
        cluster.crashLoop(sentinel, 5);

        signals.awaitOne(ns + "/basketball-api", s -> true);

        assertThat(signals.all(ns + "/batch-worker")).isEmpty();
    }

    @Test
    void aWorkloadAnnotatedIgnoreGivesNothingUntilTheAnnotationIsRemoved() {
        String ns = TestCluster.namespace("ignored-workload");
        Map<String, String> ignored = new HashMap<>(LINKS);
        ignored.put("medic.io/ignore", "true");
        Pod pod = crashingPod(ns, "basketball-api", ignored, Map.of());
        cluster.crashLoop(pod, 2);
        cluster.crashLoop(pod, 3);
        // the workload's annotation is read when a crash is analysed, from another informer's cache than
        // the pod's: remove it only once both ignored crashes were seen and passed over
        await().atMost(Duration.ofSeconds(30)).until(() -> passedOver(ns, "ignored") == 2);

        Deployment d = client.apps().deployments().inNamespace(ns).withName("basketball-api").get();
        cluster.annotate(d, LINKS);
        cluster.crashLoop(pod, 4);

        Signal first = signals.awaitOne(ns + "/basketball-api", s -> true);
        assertThat(first.restartCount()).isEqualTo(4);
    }

    private Pod crashingPod(String ns, String name, Map<String, String> workloadAnnotations, Map<String, String> podAnnotations) {
        Deployment d = cluster.deployment(ns, name, workloadAnnotations, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE, null, podAnnotations);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        return pod;
    }
}
