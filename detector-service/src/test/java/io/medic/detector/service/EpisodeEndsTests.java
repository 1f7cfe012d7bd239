package io.medic.detector.service;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.medic.detector.domain.CrashRule;
import io.medic.detector.domain.FakeCluster;
import io.medic.detector.domain.Incident;
import io.medic.detector.domain.IncidentBook;
import io.medic.detector.domain.IncidentKey;
import io.medic.detector.domain.OwnerResolver;
import io.medic.events.ContainerKind;
import io.medic.events.SignatureMatch;
import io.medic.events.WorkloadRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.medic.detector.domain.FakeCluster.ownedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When an episode ends, judged against the {@link io.medic.detector.domain.ClusterView} port (an in-memory cluster here). */
class EpisodeEndsTests {

    private static final String NS = "basketball-api";
    private static final Instant T0 = Instant.parse("2026-03-27T05:41:07Z");
    private static final SignatureMatch DUPLICATE_COLUMN = new SignatureMatch("db.duplicate-column", 1, "high",
            Map.of("table", "players", "column", "custom_notes"));
    private static final WorkloadRef API = new WorkloadRef(NS, "Deployment", "basketball-api");

    private final IncidentBook book = new IncidentBook(List.of(10, 30, 100));
    private final CrashRule rule = new CrashRule(2, Duration.ofMinutes(10));
    private final EpisodeEnds episodes = new EpisodeEnds(book, rule, Clock.systemUTC());

    @AfterEach
    void close() {
        episodes.close();
    }

    @Test
    void aNewPodTemplateEndsTheOlderRevisionsIncidentAndKeepsTheOneBeingRolledOut() {
        Deployment d = deployment("basketball-api", "2");
        FakeCluster cluster = new FakeCluster().with(d, replicaSet(d, "5c8d7b9f4", "1"), replicaSet(d, "6b7c8d9e0", "2"));
        open(API, ContainerKind.APP, "api", "5c8d7b9f4");
        open(API, ContainerKind.INIT, "migrate", "6b7c8d9e0");

        episodes.templateChanged(cluster, d, API);

        assertThat(book.incidents()).extracting(Incident::revision).containsExactly("6b7c8d9e0");
    }

    @Test
    void theIncidentsOfADeletedWorkloadEnd() {
        WorkloadRef other = new WorkloadRef(NS, "Deployment", "roster-sync");
        open(API, ContainerKind.APP, "api", "7d9f8c6b5");
        open(other, ContainerKind.APP, "sync", "1a2b3c4d5");

        episodes.workloadDeleted(API);

        assertThat(book.incidents()).extracting(i -> i.key().workload()).containsExactly(other);
    }

    @Test
    void afterARestartTheIncidentsOfWorkloadsThatAreGoneEnd() {
        WorkloadRef gone = new WorkloadRef(NS, "StatefulSet", "roster-db");
        open(API, ContainerKind.APP, "api", "7d9f8c6b5");
        open(gone, ContainerKind.APP, "db", "roster-db-5f6d");

        episodes.reconcileRestored(new FakeCluster().with(deployment("basketball-api", "1")));

        assertThat(book.incidents()).extracting(i -> i.key().workload()).containsExactly(API);
    }

    @Test
    void aPodOfTheCurrentRevisionReadyForTheQuietPeriodEndsItsWorkloadsIncident() {
        Deployment d = deployment("basketball-api", "1");
        ReplicaSet rs = replicaSet(d, "7d9f8c6b5", "1");
        Instant since = Instant.now().minus(rule.quietPeriod()).minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Pod pod = readyPod(rs, since);
        FakeCluster cluster = new FakeCluster().with(d, rs, pod);
        open(API, ContainerKind.APP, "api", "7d9f8c6b5");

        episodes.readySince(new OwnerResolver(cluster), cluster, pod, since);

        await().atMost(Duration.ofSeconds(10)).until(() -> book.size() == 0);
    }

    private void open(WorkloadRef workload, ContainerKind kind, String container, String revision) {
        book.observe(new IncidentKey(workload, kind, container), revision, DUPLICATE_COLUMN, 2, T0).orElseThrow();
    }

    private static Deployment deployment(String name, String revision) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("d-" + name)
                .addToAnnotations("deployment.kubernetes.io/revision", revision).endMetadata().build();
    }

    private static ReplicaSet replicaSet(Deployment d, String hash, String revision) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName(d.getMetadata().getName() + "-" + hash)
                .withUid("rs-" + hash).addToLabels("pod-template-hash", hash)
                .addToAnnotations("deployment.kubernetes.io/revision", revision).withOwnerReferences(ownedBy(d)).endMetadata().build();
    }

    private static Pod readyPod(ReplicaSet rs, Instant since) {
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(rs.getMetadata().getName() + "-x2x9q")
                .withUid("pod-x2x9q").addToLabels("pod-template-hash", hash).withOwnerReferences(ownedBy(rs)).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("registry.local/basketball-api:15f3047").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(since.toString()).endCondition()
                .addNewContainerStatus().withName("api").withRestartCount(2).withReady(true)
                .withNewState().withNewRunning().withStartedAt(since.toString()).endRunning().endState().endContainerStatus()
                .endStatus().build();
    }
}
