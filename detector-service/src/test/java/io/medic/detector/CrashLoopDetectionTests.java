package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.medic.events.ContainerKind;
import io.medic.events.Links;
import io.medic.events.SecretKeyRef;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.Termination;
import io.medic.events.WorkloadRef;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.medic.detector.SignalsOnKafka.log;
import static io.medic.detector.TestCluster.IMAGE;
import static io.medic.detector.TestCluster.LINKS;
import static io.medic.detector.TestCluster.OLD_IMAGE;
import static io.medic.testsupport.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Crash loops wherever migrations run (app container, init container, migration Job) become one signal each. */
@QuarkusTest
class CrashLoopDetectionTests extends ClusterScenario {

    @Test
    void theSeedIncidentGivesExactlyOneSignalWithItsEvidenceAndLinks() {
        String ns = TestCluster.namespace("seed");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        ReplicaSet rs = cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE);
        Pod pod = cluster.pod(rs, "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log("duplicate-column/with-secrets.log"));
        cluster.warning(ns, pod.getMetadata().getName(), "BackOff", "Back-off restarting failed container api in pod "
                + pod.getMetadata().getName());

        cluster.crashLoop(pod, 2);

        String key = ns + "/basketball-api";
        ConsumerRecord<String, byte[]> record = signals.awaitRecord(key, s -> true);
        Signal signal = SignalsOnKafka.decode(record);
        assertThat(signal.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(signal.sequence()).isEqualTo(1);
        assertThat(signal.workload()).isEqualTo(new WorkloadRef(ns, "Deployment", "basketball-api"));
        assertThat(signal.workloadRevision()).isEqualTo("7d9f8c6b5");
        assertThat(signal.container().name()).isEqualTo("api");
        assertThat(signal.container().kind()).isEqualTo(ContainerKind.APP);
        assertThat(signal.container().image()).isEqualTo(IMAGE);
        assertThat(signal.container().tag()).isEqualTo("15f3047");
        assertThat(signal.container().podName()).isEqualTo(pod.getMetadata().getName());
        assertThat(signal.restartCount()).isEqualTo(2);
        assertThat(signal.lastTermination().exitCode()).isEqualTo(1);
        assertThat(signal.lastTermination().reason()).isEqualTo("Error");
        assertThat(signal.signature().id()).isEqualTo("db.duplicate-column");
        assertThat(signal.signature().version()).isEqualTo(1);
        assertThat(signal.signature().fields()).isEqualTo(Map.of("table", "players", "column", "custom_notes"));
        assertThat(signal.links()).isEqualTo(new Links("forgejo_admin/basketball-api#183",
                new SecretKeyRef("basketball-db", "url"), "/app/alembic/versions"));
        assertThat(signal.logExcerpt())
                .contains("psycopg2.errors.DuplicateColumn) column \"custom_notes\" of relation \"players\" already exists")
                .contains("postgresql://basketball:***@db.basketball-api.svc:5432/basketball");
        assertThat(signal.recentEvents()).anyMatch(e -> e.startsWith("Warning BackOff: Back-off restarting failed container api"));
        assertThat(signal.firstSeenAt()).isEqualTo(signal.lastTermination().finishedAt());
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("hunter2").doesNotContain("ghp_AbCdEf")
                .doesNotContain("tok_4f9a8b7c6d5e");
        assertThat(header(record, "ce_type")).isEqualTo("medic.signal.v1");
        assertThat(header(record, "ce_id")).isEqualTo(signal.incidentId() + "/1");

        // the loop goes on: no new signal per restart, one update when it crosses the escalation threshold
        cluster.crashLoop(pod, 3);
        cluster.crashLoop(pod, 4);
        cluster.crashLoop(pod, 5);
        cluster.crashLoop(pod, 10);

        Signal escalated = signals.awaitOne(key, s -> s.kind() == SignalKind.ESCALATED);
        assertThat(escalated.incidentId()).isEqualTo(signal.incidentId());
        assertThat(escalated.sequence()).isEqualTo(2);
        assertThat(escalated.restartCount()).isEqualTo(10);
        assertThat(signals.all(key)).extracting(Signal::kind).containsExactly(SignalKind.OPENED, SignalKind.ESCALATED);
    }

    @Test
    void theOldImagesUnknownRevisionGivesItsOwnSignatureWithTheRevision() {
        String ns = TestCluster.namespace("rollback");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod newPod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, newPod.getMetadata().getName(), "api", log("duplicate-column/alembic-cli.log"));
        cluster.crashLoop(newPod, 2);
        String key = ns + "/basketball-api";
        Signal duplicateColumn = signals.awaitOne(key, s -> true);

        // someone rolls back to the old image: a new template, whose pods cannot find the database's revision
        d = cluster.rollTo(d, OLD_IMAGE, 2);
        Pod oldImagePod = cluster.pod(cluster.replicaSet(d, "5c8d7b9f4", 2, OLD_IMAGE), "q8w7e", OLD_IMAGE);
        cluster.previousLog(ns, oldImagePod.getMetadata().getName(), "api", log("unknown-revision/app-boot.log"));
        cluster.crashLoop(oldImagePod, 2);

        Signal unknownRevision = signals.awaitOne(key, s -> s.signature().id().equals("alembic.unknown-revision"));
        assertThat(unknownRevision.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(unknownRevision.incidentId()).isNotEqualTo(duplicateColumn.incidentId());
        assertThat(unknownRevision.signature().fields()).isEqualTo(Map.of("revision", "018"));
        assertThat(unknownRevision.container().tag()).isEqualTo("737093f");
        assertThat(unknownRevision.workloadRevision()).isEqualTo("5c8d7b9f4");
        assertThat(unknownRevision.logExcerpt()).contains("Can't locate revision identified by '018'");
    }

    @Test
    void anInitContainerInInitCrashLoopBackOffGivesOneSignalNamingIt() {
        String ns = TestCluster.namespace("init");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "m4n5b", IMAGE, "migrate", Map.of());
        cluster.previousLog(ns, pod.getMetadata().getName(), "migrate", log("duplicate-column/flask-migrate.log"));

        cluster.initCrashLoop(pod, "migrate", 2);
        cluster.initCrashLoop(pod, "migrate", 3);
        cluster.initCrashLoop(pod, "migrate", 10);

        String key = ns + "/basketball-api";
        Signal signal = signals.awaitOne(key, s -> true);
        assertThat(signal.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(signal.container().name()).isEqualTo("migrate");
        assertThat(signal.container().kind()).isEqualTo(ContainerKind.INIT);
        assertThat(signal.container().podName()).isEqualTo(pod.getMetadata().getName());
        assertThat(signal.workload()).isEqualTo(new WorkloadRef(ns, "Deployment", "basketball-api"));
        assertThat(signal.signature().fields()).isEqualTo(Map.of("table", "players", "column", "custom_notes"));
        assertThat(signals.awaitOne(key, s -> s.kind() == SignalKind.ESCALATED).incidentId()).isEqualTo(signal.incidentId());
        assertThat(signals.all(key)).hasSize(2);
    }

    @Test
    void aFailedHelmHookJobIsLinkedToItsDeploymentAndGivesOneSignalNamingItsContainer() {
        String ns = TestCluster.namespace("hook");
        cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        String job = "basketball-api-migrate";
        cluster.currentLog(ns, job + "-x7k2p", "migrate", log("duplicate-column/kubectl-timestamps.log"));

        cluster.failedMigrationJob(ns, job, "basketball-api", Map.of(), 7, true);

        Signal signal = signals.awaitOne(ns + "/basketball-api", s -> true);
        assertThat(signal.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(signal.workload()).isEqualTo(new WorkloadRef(ns, "Deployment", "basketball-api"));
        assertThat(signal.container().kind()).isEqualTo(ContainerKind.JOB);
        assertThat(signal.container().name()).isEqualTo("migrate");
        assertThat(signal.container().jobName()).isEqualTo(job);
        assertThat(signal.container().podName()).isEqualTo(job + "-x7k2p");
        assertThat(signal.container().image()).isEqualTo(IMAGE);
        assertThat(signal.restartCount()).isEqualTo(7);
        assertThat(signal.lastTermination()).extracting(Termination::exitCode, Termination::reason).containsExactly(1, "Error");
        assertThat(signal.signature().id()).isEqualTo("db.duplicate-column");
        assertThat(signal.links().issue()).isEqualTo("forgejo_admin/basketball-api#183");
    }

    @Test
    void aJobNamingItsWorkloadByAnnotationIsLinkedToIt() {
        String ns = TestCluster.namespace("annotated-job");
        cluster.deployment(ns, "web", Map.of("medic.io/issue", "acme/web#7"), IMAGE, 1);
        String job = "schema-upgrade";
        cluster.currentLog(ns, job + "-x7k2p", "migrate", log("unknown-revision/alembic-cli.log"));

        cluster.failedMigrationJob(ns, job, "unrelated-release", Map.of("medic.io/workload", "Deployment/web"), 2, false);

        Signal signal = signals.awaitOne(ns + "/web", s -> true);
        assertThat(signal.workload()).isEqualTo(new WorkloadRef(ns, "Deployment", "web"));
        assertThat(signal.container().jobName()).isEqualTo(job);
        assertThat(signal.signature().fields()).isEqualTo(Map.of("revision", "018"));
        assertThat(signal.links().issue()).isEqualTo("acme/web#7");
    }
}
