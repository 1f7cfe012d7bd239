package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.medic.detector.domain.IncidentBook;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.medic.detector.SignalsOnKafka.log;
import static io.medic.detector.TestCluster.IMAGE;
import static io.medic.detector.TestCluster.LINKS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When a crash loop is an incident, and when its episode ends so that the next crash is a new one. */
@QuarkusTest
class EpisodeTests extends ClusterScenario {

    @Inject
    IncidentBook book;

    @Test
    void belowTheRestartThresholdNothingIsEmitted() {
        String ns = TestCluster.namespace("threshold");
        Pod pod = crashingPod(ns);

        cluster.crashLoop(pod, 1);
        cluster.crashLoop(pod, 2);

        // crashes of one pod are handled in order: had the first crash been reported, it would come first
        Signal first = signals.awaitOne(ns + "/basketball-api", s -> true);
        assertThat(first.restartCount()).isEqualTo(2);
        assertThat(signals.all(ns + "/basketball-api")).hasSize(1);
    }

    @Test
    void aPodThatRecoversThenCrashesAfterTheQuietPeriodOpensANewIncident() {
        String ns = TestCluster.namespace("recovery");
        Pod pod = crashingPod(ns);
        Instant t0 = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        cluster.crashLoop(pod, 2, "Error", 1, t0, 3);
        String key = ns + "/basketball-api";
        Signal first = signals.awaitOne(key, s -> true);

        // Ready for longer than the quiet period (10 minutes): the episode ends
        Instant readySince = t0.plusSeconds(13);
        cluster.ready(pod, 2, readySince);
        await().atMost(Duration.ofSeconds(30)).until(() -> book.incidents().stream().noneMatch(i -> i.id().equals(first.incidentId())));

        // 30 minutes later it crashes again, then loops
        cluster.crashLoop(pod, 3, "Error", 1, readySince, Duration.ofMinutes(30).toSeconds());
        cluster.crashLoop(pod, 4, "Error", 1, readySince.plus(Duration.ofMinutes(30)).plusSeconds(10), 3);

        Signal second = signals.awaitOne(key, s -> !s.incidentId().equals(first.incidentId()));
        assertThat(second.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(second.restartCount()).isEqualTo(4);
        assertThat(signals.all(key)).extracting(Signal::kind).containsExactly(SignalKind.OPENED, SignalKind.OPENED);
    }

    @Test
    void aCrashAfterARunAsLongAsTheQuietPeriodEndsTheEpisodeEvenWithoutSeeingThePodReady() {
        String ns = TestCluster.namespace("long-run");
        Pod pod = crashingPod(ns);
        Instant t0 = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        cluster.crashLoop(pod, 2, "Error", 1, t0, 3);
        String key = ns + "/basketball-api";
        Signal first = signals.awaitOne(key, s -> true);

        cluster.crashLoop(pod, 3, "Error", 1, t0.plusSeconds(10), Duration.ofMinutes(30).toSeconds());
        cluster.crashLoop(pod, 4, "Error", 1, t0.plus(Duration.ofMinutes(30)).plusSeconds(20), 3);

        Signal second = signals.awaitOne(key, s -> !s.incidentId().equals(first.incidentId()));
        assertThat(second.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(second.restartCount()).isEqualTo(4);
    }

    @Test
    void aTemplateChangeEndsTheEpisode() {
        String ns = TestCluster.namespace("template");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(pod, 2);
        String key = ns + "/basketball-api";
        Signal first = signals.awaitOne(key, s -> true);

        // a new build of the same failing migration is rolled out
        String next = "registry.local/basketball-api:16a0b1c";
        d = cluster.rollTo(d, next, 2);
        Pod newPod = cluster.pod(cluster.replicaSet(d, "6b7c8d9e0", 2, next), "k3j4h", next);
        cluster.previousLog(ns, newPod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(newPod, 2);

        Signal second = signals.awaitOne(key, s -> !s.incidentId().equals(first.incidentId()));
        assertThat(second.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(second.signature().id()).isEqualTo(first.signature().id());
        assertThat(second.workloadRevision()).isEqualTo("6b7c8d9e0");
        assertThat(second.container().tag()).isEqualTo("16a0b1c");
    }

    @Test
    void theRevisionBeingRolledOutKeepsItsIncidentWhenTheTemplateChangeArrivesLate() {
        String ns = TestCluster.namespace("rollout-race");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod old = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, old.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(old, 2);
        String key = ns + "/basketball-api";
        Signal first = signals.awaitOne(key, s -> true);

        // the new ReplicaSet's pod crashes before the Deployment's own update is seen
        String next = "registry.local/basketball-api:16a0b1c";
        Pod rolledOut = cluster.pod(cluster.replicaSet(d, "6b7c8d9e0", 2, next), "k3j4h", next);
        cluster.previousLog(ns, rolledOut.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(rolledOut, 2);
        Signal second = signals.awaitOne(key, s -> !s.incidentId().equals(first.incidentId()));
        cluster.rollTo(d, next, 2);
        cluster.crashLoop(rolledOut, 10);

        Signal third = signals.awaitOne(key, s -> s.kind() == SignalKind.ESCALATED || signalsAfter(s, second));
        assertThat(third.kind()).isEqualTo(SignalKind.ESCALATED);
        assertThat(third.incidentId()).isEqualTo(second.incidentId());
        assertThat(second.workloadRevision()).isEqualTo("6b7c8d9e0");
    }

    private static boolean signalsAfter(Signal s, Signal second) {
        return !s.incidentId().equals(second.incidentId()) && s.detectedAt().isAfter(second.detectedAt());
    }

    @Test
    void aScaleOrStatusChangeOfTheDeploymentIsNotATemplateChange() {
        String ns = TestCluster.namespace("scale");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(pod, 2);
        String key = ns + "/basketball-api";
        Signal first = signals.awaitOne(key, s -> true);

        client.apps().deployments().inNamespace(ns).withName("basketball-api").scale(3);
        client.apps().deployments().inNamespace(ns).withName("basketball-api")
                .editStatus(x -> new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(x).withNewStatus().withReplicas(3)
                        .withUnavailableReplicas(3).endStatus().build());
        cluster.crashLoop(pod, 10);

        Signal next = signals.awaitOne(key, s -> s.sequence() == 2 || !s.incidentId().equals(first.incidentId()));
        assertThat(next.kind()).isEqualTo(SignalKind.ESCALATED);
        assertThat(next.incidentId()).isEqualTo(first.incidentId());
    }

    @Test
    void onlyTheWorkloadsNewestRevisionCounts() {
        String ns = TestCluster.namespace("old-revision");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 2);
        ReplicaSet old = cluster.replicaSet(d, "5c8d7b9f4", 1, IMAGE);
        Pod oldPod = cluster.pod(old, "q8w7e", IMAGE);
        cluster.previousLog(ns, oldPod.getMetadata().getName(), "api", log("unknown-revision/alembic-cli.log"));

        cluster.crashLoop(oldPod, 2);
        cluster.crashLoop(oldPod, 3);
        // both crashes seen and passed over before the rollback (the detector is asynchronous)
        await().atMost(Duration.ofSeconds(30)).until(() -> passedOver(ns, "old-revision") == 2);
        // rolled back: that ReplicaSet is the newest again, and its next crash is the incident
        cluster.annotate(d, Map.of("deployment.kubernetes.io/revision", "1"));
        client.apps().replicaSets().inNamespace(ns).withName(old.getMetadata().getName()).edit(rs -> {
            rs.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "1");
            return rs;
        });
        cluster.crashLoop(oldPod, 4);
        // the Deployment's update and the pod's reach the detector on different watches: had the pod's come
        // first, that crash was judged against the Deployment before the rollback (passed over), and the
        // loop's next crash is the incident
        await().atMost(Duration.ofSeconds(30)).until(() -> passedOver(ns, "old-revision") == 3 || signalsCounted(ns) == 1);
        int incidentAt = passedOver(ns, "old-revision") == 3 ? 5 : 4;
        if (incidentAt == 5) {
            cluster.crashLoop(oldPod, 5);
        }

        Signal first = signals.awaitOne(ns + "/basketball-api", s -> true);
        assertThat(first.restartCount()).isEqualTo(incidentAt);
        assertThat(first.workloadRevision()).isEqualTo("5c8d7b9f4");
    }

    /** Signals the detector published for workloads of {@code namespace} (its metric). */
    private static double signalsCounted(String namespace) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("medic_signals_total{") && l.contains("namespace=\"" + namespace + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private Pod crashingPod(String ns) {
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        return pod;
    }
}
