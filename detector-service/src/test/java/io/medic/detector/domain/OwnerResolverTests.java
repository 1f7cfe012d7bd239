package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.medic.events.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.medic.detector.domain.FakeCluster.ownedBy;
import static org.assertj.core.api.Assertions.assertThat;

class OwnerResolverTests {

    private static final String NS = "basketball-api";

    @Test
    void aDeploymentsPodResolvesToTheDeploymentAndItsRevision() {
        Deployment d = deployment("basketball-api", "3", Map.of("medic.io/issue", "forgejo_admin/basketball-api#183"));
        ReplicaSet current = replicaSet(d, "7d9f8c6b5", "3");
        ReplicaSet old = replicaSet(d, "5c8d7b9f4", "2");
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(d, current, old));

        WorkloadResolution now = resolver.resolve(pod("basketball-api-7d9f8c6b5-x2x9q", current, Map.of("pod-template-hash", "7d9f8c6b5")));
        WorkloadResolution before = resolver.resolve(pod("basketball-api-5c8d7b9f4-q8w7e", old, Map.of("pod-template-hash", "5c8d7b9f4")));

        assertThat(now.workload()).isEqualTo(new WorkloadRef(NS, "Deployment", "basketball-api"));
        assertThat(now.revision()).isEqualTo("7d9f8c6b5");
        assertThat(now.newest()).isTrue();
        assertThat(now.annotations()).containsEntry("medic.io/issue", "forgejo_admin/basketball-api#183");
        assertThat(before.newest()).isFalse();
    }

    @Test
    void aReplicaSetNewerThanTheDeploymentTheCacheShowsIsTheNewest() {
        Deployment d = deployment("basketball-api", "3", Map.of());
        ReplicaSet rollingOut = replicaSet(d, "6b7c8d9e0", "4");
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(d, rollingOut));

        assertThat(resolver.resolve(pod("basketball-api-6b7c8d9e0-k3j4h", rollingOut, Map.of("pod-template-hash", "6b7c8d9e0")))
                .newest()).isTrue();
    }

    @Test
    void aStatefulSetsPodIsCurrentWhenItRunsTheUpdateRevision() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withNamespace(NS).withName("db").withUid("sts").endMetadata()
                .withNewStatus().withUpdateRevision("db-6f7d8c9b").endStatus().build();
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(sts));

        assertThat(resolver.resolve(pod("db-0", sts, Map.of("controller-revision-hash", "db-6f7d8c9b"))).newest()).isTrue();
        assertThat(resolver.resolve(pod("db-1", sts, Map.of("controller-revision-hash", "db-5a4b3c2d"))).newest()).isFalse();
        assertThat(resolver.resolve(pod("db-0", sts, Map.of("controller-revision-hash", "db-6f7d8c9b"))).workload())
                .isEqualTo(new WorkloadRef(NS, "StatefulSet", "db"));
    }

    @Test
    void aDaemonSetsPodIsCurrentWhenItRunsTheTemplateGeneration() {
        DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withNamespace(NS).withName("agent").withUid("ds")
                .addToAnnotations("deprecated.daemonset.template.generation", "4").endMetadata().build();
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(ds));

        assertThat(resolver.resolve(pod("agent-x", ds, Map.of("pod-template-generation", "4", "controller-revision-hash", "7c9d"))))
                .satisfies(r -> {
                    assertThat(r.newest()).isTrue();
                    assertThat(r.revision()).isEqualTo("7c9d");
                });
        assertThat(resolver.resolve(pod("agent-y", ds, Map.of("pod-template-generation", "3"))).newest()).isFalse();
    }

    @Test
    void aHelmHookJobIsLinkedToTheDeploymentOfItsRelease() {
        Deployment api = deployment("basketball-api", "1", Map.of("medic.io/issue", "forgejo_admin/basketball-api#183"));
        Deployment worker = new DeploymentBuilder(deployment("basketball-api-worker", "1", Map.of())).build();
        Job hook = job("basketball-api-migrate", Map.of("app.kubernetes.io/instance", "basketball-api",
                "app.kubernetes.io/name", "basketball-api"), Map.of("helm.sh/hook", "pre-upgrade"));
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(api, worker, hook));

        WorkloadResolution resolution = resolver.resolve(pod("basketball-api-migrate-x7k2p", hook, Map.of()));

        assertThat(resolution.workload()).isEqualTo(new WorkloadRef(NS, "Deployment", "basketball-api"));
        assertThat(resolution.job()).isEqualTo("basketball-api-migrate");
        assertThat(resolution.revision()).isEqualTo(JobLinker.templateRevision(hook));
        assertThat(resolution.annotations()).containsEntry("medic.io/issue", "forgejo_admin/basketball-api#183")
                .containsEntry("helm.sh/hook", "pre-upgrade");
    }

    @Test
    void aJobsWorkloadAnnotationWinsAndACronJobOwnsItsJobs() {
        Deployment web = deployment("web", "1", Map.of());
        Job annotated = job("schema-upgrade", Map.of("app.kubernetes.io/instance", "other"), Map.of("medic.io/workload", "deployment/web"));
        Job bare = job("schema-upgrade-2", Map.of(), Map.of("medic.io/workload", "web"));
        CronJob nightly = new CronJobBuilder().withNewMetadata().withNamespace(NS).withName("nightly").withUid("cron").endMetadata().build();
        Job fromCron = new JobBuilder(job("nightly-28912", Map.of(), Map.of())).editMetadata().withOwnerReferences(ownedBy(nightly))
                .endMetadata().build();
        Job alone = job("one-off", Map.of(), Map.of());
        JobLinker linker = new OwnerResolver(new FakeCluster().with(web, nightly)).jobs();

        assertThat(linker.resolve(annotated).workload()).isEqualTo(new WorkloadRef(NS, "Deployment", "web"));
        assertThat(linker.resolve(bare).workload()).isEqualTo(new WorkloadRef(NS, "Deployment", "web"));
        assertThat(linker.resolve(fromCron).workload()).isEqualTo(new WorkloadRef(NS, "CronJob", "nightly"));
        assertThat(linker.resolve(alone).workload()).isEqualTo(new WorkloadRef(NS, "Job", "one-off"));
    }

    @Test
    void ignoreOnAnyObjectOfTheChainIsHonoured() {
        Deployment d = deployment("basketball-api", "1", Map.of("medic.io/ignore", "true"));
        ReplicaSet rs = replicaSet(d, "7d9f8c6b5", "1");
        OwnerResolver resolver = new OwnerResolver(new FakeCluster().with(d, rs));

        assertThat(resolver.resolve(pod("p", rs, Map.of())).ignored()).isTrue();
    }

    @Test
    void aPodWithoutOwnerIsItsOwnWorkload() {
        Pod bare = new PodBuilder().withNewMetadata().withNamespace(NS).withName("debug").withUid("p").endMetadata().build();

        assertThat(new OwnerResolver(new FakeCluster()).resolve(bare).workload()).isEqualTo(new WorkloadRef(NS, "Pod", "debug"));
    }

    private static Deployment deployment(String name, String revision, Map<String, String> annotations) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("d-" + name)
                .withAnnotations(annotations).addToAnnotations("deployment.kubernetes.io/revision", revision)
                .addToLabels("app.kubernetes.io/instance", "basketball-api").addToLabels("app.kubernetes.io/name", "basketball-api")
                .endMetadata().build();
    }

    private static ReplicaSet replicaSet(Deployment d, String hash, String revision) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName(d.getMetadata().getName() + "-" + hash)
                .withUid("rs-" + hash).addToLabels("pod-template-hash", hash)
                .addToAnnotations("deployment.kubernetes.io/revision", revision).withOwnerReferences(ownedBy(d)).endMetadata().build();
    }

    private static Job job(String name, Map<String, String> labels, Map<String, String> annotations) {
        return new JobBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("job-" + name).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("migrate")
                .withImage("registry.local/basketball-api:15f3047").withCommand("alembic", "upgrade", "head").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static Pod pod(String name, io.fabric8.kubernetes.api.model.HasMetadata owner, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("pod-" + name).withLabels(labels)
                .withOwnerReferences(ownedBy(owner)).endMetadata().build();
    }
}
