package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.medic.detector.service.DetectorLifecycle;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.medic.detector.SignalsOnKafka.log;
import static io.medic.detector.TestCluster.IMAGE;
import static io.medic.detector.TestCluster.LINKS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** A restarted detector rebuilds its open incidents from medic.signals and announces none of them again. */
@QuarkusTest
class RestartTests extends ClusterScenario {

    @Inject
    DetectorLifecycle detector;

    @Test
    void aRestartedDetectorDoesNotReannounceAnOpenIncident() throws Exception {
        String ns = TestCluster.namespace("restart");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(pod, 2);
        String key = ns + "/basketball-api";
        Signal opened = signals.awaitOne(key, s -> true);

        detector.stop();
        detector.start();
        // the restarted informers list the pod, still crash-looping, and it keeps crashing
        cluster.crashLoop(pod, 3);
        cluster.crashLoop(pod, 10);

        Signal escalated = signals.awaitOne(key, s -> s.kind() == SignalKind.ESCALATED);
        assertThat(escalated.incidentId()).isEqualTo(opened.incidentId());
        assertThat(escalated.sequence()).isEqualTo(2);
        assertThat(signals.all(key)).extracting(Signal::kind, Signal::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SignalKind.OPENED, 1),
                        org.assertj.core.groups.Tuple.tuple(SignalKind.ESCALATED, 2));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("\"detector\""));
    }
}
