package io.medic.detector;

import io.medic.detector.service.DetectorLifecycle;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * An informer that stops is not silent: the API server sends the detector's DaemonSet informer an object it
 * cannot read (a DaemonSet whose spec is not an object, as a broken or newer API server could), Fabric8
 * stops that informer, and the detector logs it and turns readiness and liveness DOWN, naming the informer.
 */
@QuarkusTest
class InformerFailureTests extends ClusterScenario {

    private static final String INFORMER = "daemonsets (all namespaces)";
    private static final String DETECTOR = "checks.find { it.name == 'detector' }";
    /** A password in the unreadable object: neither the log nor the health answer may repeat it. */
    private static final String SECRET = "hunter2-informer";

    @Inject
    DetectorLifecycle detector;

    @Test
    void anInformerThatStopsIsLoggedAndTurnsReadinessAndLivenessDown() throws Exception {
        String ns = TestCluster.namespace("unreadable");
        URI daemonSets = URI.create(client.getMasterUrl() + "apis/apps/v1/namespaces/" + ns + "/daemonsets");
        String unreadable = """
                {"apiVersion": "apps/v1", "kind": "DaemonSet",
                 "metadata": {"namespace": "%s", "name": "node-agent",
                              "annotations": {"agent.example.com/upstream": "postgresql://agent:%s@db:5432/agent"}},
                 "spec": "not-an-object"}
                """.formatted(ns, SECRET);
        await().atMost(Duration.ofSeconds(60)).until(detector::ready);

        try (LogCapture log = LogCapture.all()) {
            // by raw HTTP: the test's own Fabric8 client cannot read this DaemonSet either
            assertThat(send(HttpRequest.newBuilder(daemonSets).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(unreadable)))).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body(DETECTOR + ".status", equalTo("DOWN"))
                    .body(DETECTOR + ".data['" + INFORMER + "']", allOf(startsWith("stopped: WatcherException"),
                            containsString("DaemonSetSpec"), not(containsString(SECRET)))));
            given().get("/q/health/live").then().statusCode(503)
                    .body(DETECTOR + ".status", equalTo("DOWN"))
                    .body(DETECTOR + ".data['" + INFORMER + "']", startsWith("stopped: "));
            assertThat(detector.ready()).isFalse();
            assertThat(log.lines()).anySatisfy(line -> {
                assertThat(line.level().intValue()).isGreaterThanOrEqualTo(Level.SEVERE.intValue());
                assertThat(line.text()).contains("the " + INFORMER + " informer stopped").contains("DaemonSetSpec");
            });
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line.text()).contains(SECRET));
        } finally {
            // the unreadable object goes, and a restarted detector sees the cluster again (the other tests need it)
            assertThat(send(HttpRequest.newBuilder(URI.create(daemonSets + "/node-agent")).DELETE())).isEqualTo(200);
            detector.stop();
            detector.start();
        }
        given().get("/q/health/ready").then().statusCode(200).body(DETECTOR + ".status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body(DETECTOR + ".status", equalTo("UP"));
    }

    private static int send(HttpRequest.Builder request) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
