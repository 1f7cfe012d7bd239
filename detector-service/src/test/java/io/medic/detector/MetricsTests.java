package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.medic.detector.SignalsOnKafka.log;
import static io.medic.detector.TestCluster.IMAGE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The detector's metrics, as Prometheus scrapes them. */
@QuarkusTest
class MetricsTests extends ClusterScenario {

    @Test
    void aPublishedSignalIsCountedByLabelsAndTimed() {
        String ns = TestCluster.namespace("metrics");
        Deployment d = cluster.deployment(ns, "basketball-api", Map.of(), IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE, "migrate", Map.of());
        cluster.previousLog(ns, pod.getMetadata().getName(), "migrate", log("unknown-revision/alembic-cli.log"));
        cluster.initCrashLoop(pod, "migrate", 2);
        signals.awaitOne(ns + "/basketball-api", s -> true);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("medic_signals_total{container_kind=\"init\",namespace=\"" + ns + "\",signature=\"alembic.unknown-revision\"} 1.0")
                .contains("# TYPE medic_detection_latency_seconds histogram")
                .contains("medic_detection_latency_seconds_bucket{le=\"0.5\"}")
                .contains("medic_detection_latency_seconds_count")
                .contains("# TYPE medic_open_incidents gauge")
                .contains("medic_log_fetch_failures_total ")
                .contains("medic_detections_dropped_total 0.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("medic_open_incidents ")).findFirst().orElseThrow())
                .doesNotEndWith(" 0.0");
    }
}
