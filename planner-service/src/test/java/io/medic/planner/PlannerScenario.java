package io.medic.planner;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Decision;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.Links;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.SecretKeyRef;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.Termination;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * What every planner test needs: the running planner (one Quarkus boot shared by every class: same resources),
 * the real broker, the mock API server to put workloads and Secrets in, and a forge stand-in. Each test works
 * in a namespace and incident of its own.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(ForgeServer.class)
public abstract class PlannerScenario {

    public static final Duration WAIT = Duration.ofSeconds(60);
    public static final String APPROVER = "alice-approver-token";
    public static final String VIEWER = "victor-viewer-token";
    public static final String IMAGE_REPO = "registry.local/basketball-api";
    public static final String SEED_COMMIT = "15f3047";

    @KubernetesTestServer
    protected KubernetesServer server;

    protected KubernetesClient cluster;
    protected KafkaTestClient kafka;
    protected String namespace;

    @BeforeEach
    void connect() {
        cluster = server.getClient();
        kafka = new KafkaTestClient();
        namespace = "t-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    protected WorkloadRef workload() {
        return new WorkloadRef(namespace, "Deployment", "basketball-api");
    }

    /**
     * The basketball-api Deployment, app container {@code api} on port 8000, with these annotations; it names the
     * Secret the signals name ({@code medic.io/database-secret: basketball-db/url}) unless they say otherwise.
     */
    protected Deployment deployment(Map<String, String> annotations) {
        return deployment(annotations, Map.of());
    }

    protected Deployment deployment(Map<String, String> annotations, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(annotations);
        all.putIfAbsent("medic.io/database-secret", "basketball-db/url");
        all.values().removeIf(v -> v == null || v.isEmpty());
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName("basketball-api").withAnnotations(all)
                .withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "basketball-api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "basketball-api").endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage(IMAGE_REPO + ":" + SEED_COMMIT)
                .withPorts(new ContainerPortBuilder().withContainerPort(8000).build()).endContainer().endSpec()
                .endTemplate().endSpec().build();
        return cluster.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    /** The Secret holding the database URL, as {@code data} (base64) the way the API server stores it. */
    protected void databaseSecret(String url) {
        cluster.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("basketball-db")
                .withNamespace(namespace).endMetadata()
                .withData(Map.of("url", Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8))))
                .build()).create();
    }

    protected Signal signal(String incident, int sequence, String signature, String image, String migrations) {
        Instant now = Instant.now();
        Map<String, String> fields = new HashMap<>();
        fields.put("table", "players");
        return new Signal(incident, sequence, sequence == 1 ? SignalKind.OPENED : SignalKind.ESCALATED, workload(),
                "7d9f8c6b5", new ContainerRef("api", ContainerKind.APP, image, ContainerRef.tagOf(image),
                "basketball-api-7d9f8c6b5-x2x9q", null),
                new Termination(1, "Error", now), 2 + sequence, new SignatureMatch(signature, 1, "high", fields),
                "psycopg2.errors.DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists",
                List.of(), new Links("forgejo_admin/basketball-api#183", new SecretKeyRef("basketball-db", "url"),
                migrations), now.minusSeconds(30), now);
    }

    protected static String newIncident() {
        return "inc-" + UUID.randomUUID();
    }

    protected void publish(MedicEvent event) {
        String topic = switch (event) {
            case Signal s -> Topics.SIGNALS;
            case Plan p -> Topics.PLANS;
            case Decision d -> Topics.DECISIONS;
            case Execution e -> Topics.EXECUTIONS;
            default -> throw new IllegalArgumentException(event.toString());
        };
        kafka.send(topic, event.key(), EventCodec.encode(event), Map.of("ce_type", event.eventType().type()));
    }

    /** The first plan of {@code incident} on medic.plans that matches, decoded. */
    protected Plan awaitPlan(String incident, java.util.function.Predicate<Plan> match) {
        ConsumerRecord<String, byte[]> record = kafka.awaitOne(Topics.PLANS, r -> {
            String text = KafkaTestClient.text(r);
            if (text == null || !text.contains(incident)) {
                return false;
            }
            return match.test(EventCodec.decode(r.value(), Plan.class));
        }, WAIT);
        return EventCodec.decode(record.value(), Plan.class);
    }

    protected Plan awaitPlan(String incident) {
        return awaitPlan(incident, p -> true);
    }

    /** Every plan of {@code incident} on medic.plans right now. */
    protected List<Plan> plansOf(String incident) {
        return kafka.readAll(Topics.PLANS, WAIT).stream()
                .filter(r -> r.value() != null && KafkaTestClient.text(r).contains(incident))
                .map(r -> EventCodec.decode(r.value(), Plan.class))
                .filter(p -> p.incidentId().equals(incident)).toList();
    }

    protected List<Decision> decisionsOf(String planId) {
        return kafka.readAll(Topics.DECISIONS, WAIT).stream()
                .filter(r -> planId.equals(r.key()) && r.value() != null)
                .map(r -> EventCodec.decode(r.value(), Decision.class)).toList();
    }

    /** The value of one metric sample of the running planner, 0 when it has none yet. */
    protected static double metric(String name, String labels) {
        String prefix = name + (labels.isEmpty() ? "" : "{" + labels + "}") + " ";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElse(0);
    }

    protected static void awaitMetricAtLeast(String name, String labels, double value) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> metric(name, labels) >= value);
    }
}
