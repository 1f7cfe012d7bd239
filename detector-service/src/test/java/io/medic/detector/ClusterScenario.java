package io.medic.detector;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static io.restassured.RestAssured.given;

/**
 * What every detector test that drives the cluster needs: the running detector (one Quarkus boot shared
 * by all these classes: same resources), the mock API server to change pods and Jobs in, and a consumer
 * of medic.signals to see what the detector published. Subclasses are {@code @QuarkusTest}s.
 * The tests change the cluster through the mock server's own client, not the detector's: the test plays
 * the API server's other users (kubelet, controllers), and a detector restart must not touch its connections.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
abstract class ClusterScenario {

    @KubernetesTestServer
    KubernetesServer server;

    /** the cluster as the kubelet and the controllers change it */
    KubernetesClient client;

    TestCluster cluster;
    SignalsOnKafka signals;

    @BeforeEach
    void connect() {
        client = server.getClient();
        cluster = new TestCluster(client, server);
        signals = new SignalsOnKafka();
    }

    @AfterEach
    void disconnect() {
        signals.close();
    }

    /** How many crashes in {@code namespace} the detector saw and passed over for {@code reason} (its metric). */
    static double passedOver(String namespace, String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String prefix = "medic_crashes_passed_over_total{namespace=\"" + namespace + "\",reason=\"" + reason + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElse(0);
    }
}
