package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.kubelet.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Deployment, ReplicaSet and Job controllers and the garbage collector, driving real processes. */
class ControllersTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final String WEB_V2 = "web:2";
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(0.05));
        client = sandbox.client();
        // a second "version" of the Python image, for an image change
        sandbox.images().register(Image.of(WEB_V2, java.nio.file.Files.createDirectories(sandbox.workDir().resolve("images/web2")),
                List.of("python3"), Map.of("PYTHONUNBUFFERED", "1")));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aRolloutRestartAndAnImageChangeReplaceThePodThroughANewReplicaSet() {
        String ns = "rollout";
        client.apps().deployments().inNamespace(ns).resource(web("web", Sandbox.PYTHON, "/")).create();
        Deployment d = awaitRolledOut(ns, "web", 1);
        ReplicaSet first = replicaSet(ns, "1");
        assertThat(first.getMetadata().getName()).isEqualTo("web-" + first.getMetadata().getLabels().get("pod-template-hash"));
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Deployment");
            assertThat(o.getController()).isTrue();
            assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid());
        });
        Pod firstPod = onlyPod(ns);
        assertThat(firstPod.getMetadata().getName()).startsWith(first.getMetadata().getName() + "-");
        assertThat(firstPod.getMetadata().getLabels()).containsEntry("pod-template-hash", first.getMetadata().getLabels().get("pod-template-hash"));
        assertThat(firstPod.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(first.getMetadata().getName());

        client.apps().deployments().inNamespace(ns).withName("web").rolling().restart();
        Deployment restarted = awaitRolledOut(ns, "web", 2);
        assertThat(restarted.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        Pod secondPod = onlyPod(ns);
        assertThat(secondPod.getMetadata().getName()).isNotEqualTo(firstPod.getMetadata().getName());
        assertThat(secondPod.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(replicaSet(ns, "2").getMetadata().getName());
        assertThat(client.apps().replicaSets().inNamespace(ns).withName(first.getMetadata().getName()).get().getSpec().getReplicas()).isZero();

        client.apps().deployments().inNamespace(ns).withName("web").edit(dep -> new DeploymentBuilder(dep).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage(WEB_V2).endContainer().endSpec().endTemplate().endSpec().build());
        awaitRolledOut(ns, "web", 3);
        Pod thirdPod = onlyPod(ns);
        assertThat(thirdPod.getSpec().getContainers().get(0).getImage()).isEqualTo(WEB_V2);
        assertThat(Cluster.container(thirdPod, "main").orElseThrow().getImage()).isEqualTo(WEB_V2);
        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(3);
        assertThat(events(ns)).anyMatch(e -> "ScalingReplicaSet".equals(e.getReason()) && e.getMessage().startsWith("Scaled down replica set"));
    }

    @Test
    void aNewPodThatNeverBecomesReadyLeavesTheOldOneRunning() {
        String ns = "stuck-rollout";
        client.apps().deployments().inNamespace(ns).resource(web("web", Sandbox.PYTHON, "/")).create();
        awaitRolledOut(ns, "web", 1);
        Pod old = onlyPod(ns);

        client.apps().deployments().inNamespace(ns).withName("web").edit(dep -> new DeploymentBuilder(dep).editSpec().editTemplate().editSpec()
                .editFirstContainer().editReadinessProbe().editHttpGet().withPath("/never").endHttpGet().endReadinessProbe().endContainer()
                .endSpec().endTemplate().endSpec().build());
        // the new pod has failed its readiness probe three times over
        Event unhealthy = await().atMost(TIMEOUT).until(() -> events(ns).stream().filter(e -> "Unhealthy".equals(e.getReason())).findFirst().orElse(null),
                Objects::nonNull);
        assertThat(unhealthy.getInvolvedObject().getName()).isNotEqualTo(old.getMetadata().getName());
        Pod stillThere = client.pods().inNamespace(ns).withName(old.getMetadata().getName()).get();
        assertThat(stillThere).isNotNull();
        assertThat(stillThere.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(Cluster.ready(stillThere)).isTrue();
        Deployment d = await().atMost(TIMEOUT).until(() -> client.apps().deployments().inNamespace(ns).withName("web").get(),
                dep -> Objects.equals(dep.getStatus().getObservedGeneration(), dep.getMetadata().getGeneration())
                        && Objects.equals(dep.getStatus().getUpdatedReplicas(), 1));
        assertThat(d.getStatus().getReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
    }

    @Test
    void aJobRunsItsPodToComplete() {
        String ns = "job-ok";
        client.batch().v1().jobs().inNamespace(ns).resource(job("ok", "echo done", 6)).create();
        Job job = awaitJobCondition(ns, "ok", "Complete");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getActive()).isNull();
        assertThat(job.getStatus().getStartTime()).isNotNull();
        assertThat(job.getStatus().getCompletionTime()).isNotNull();
        assertThat(job.getSpec().getSelector().getMatchLabels()).containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
        Pod pod = onlyPod(ns);
        assertThat(pod.getMetadata().getName()).startsWith("ok-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "ok").containsEntry("controller-uid", job.getMetadata().getUid());
        assertThat(pod.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Job");
        assertThat(Cluster.phase(pod)).isEqualTo("Succeeded");
        assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog()).isEqualTo("done\n");
    }

    @Test
    void aFailingJobFailsWithBackoffLimitExceeded() {
        String ns = "job-fail";
        client.batch().v1().jobs().inNamespace(ns).resource(job("fail", "echo no; exit 1", 1)).create();
        Job job = awaitJobCondition(ns, "fail", "Failed");
        assertThat(condition(job, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition(job, "Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(job.getStatus().getFailed()).isEqualTo(2);
        assertThat(job.getStatus().getSucceeded()).isNull();
        assertThat(Cluster.pods(client, ns)).hasSize(2).allMatch(p -> "Failed".equals(Cluster.phase(p)));
    }

    @Test
    void aJobPastItsActiveDeadlineFailsWithDeadlineExceeded() {
        String ns = "job-deadline";
        Job spec = new JobBuilder(job("slow", "exec sleep 600", 6)).editSpec().withActiveDeadlineSeconds(2L).endSpec().build();
        client.batch().v1().jobs().inNamespace(ns).resource(spec).create();
        Job job = awaitJobCondition(ns, "slow", "Failed");
        assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
        await().atMost(TIMEOUT).until(() -> Cluster.pods(client, ns).isEmpty());
    }

    @Test
    void aJobDeletedWithPropagationTakesItsPodsOrphanLeavesThem() {
        String ns = "job-delete";
        client.batch().v1().jobs().inNamespace(ns).resource(job("background", "exec sleep 600", 6)).create();
        client.batch().v1().jobs().inNamespace(ns).resource(job("orphan", "exec sleep 600", 6)).create();
        await().atMost(TIMEOUT).until(() -> Cluster.pods(client, ns).stream().filter(p -> Cluster.running(p, "main")).count() == 2);

        client.batch().v1().jobs().inNamespace(ns).withName("background").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.batch().v1().jobs().inNamespace(ns).withName("orphan").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        Pod orphan = await().atMost(TIMEOUT).until(() -> Cluster.pods(client, ns),
                pods -> pods.size() == 1 && pods.get(0).getMetadata().getOwnerReferences().isEmpty()).get(0);
        assertThat(orphan.getMetadata().getName()).startsWith("orphan-");
        assertThat(Cluster.running(orphan, "main")).isTrue();
    }

    // ---- helpers

    private static Deployment web(String name, String image, String readinessPath) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(5L).addNewContainer().withName("main").withImage(image)
                .withCommand("python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef("v1", "status.podIP").endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath(readinessPath).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(3).endReadinessProbe()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static Job job(String name, String script, int backoffLimit) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(backoffLimit)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(2L)
                .addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", script).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    /** What `kubectl rollout status` waits for, and the revision the rollout must have reached. */
    private static Deployment awaitRolledOut(String ns, String name, int revision) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(
                () -> client.apps().deployments().inNamespace(ns).withName(name).get(),
                d -> d.getStatus() != null
                        && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                        && Objects.equals(d.getStatus().getUpdatedReplicas(), d.getSpec().getReplicas())
                        && Objects.equals(d.getStatus().getReplicas(), d.getSpec().getReplicas())
                        && Objects.equals(d.getStatus().getAvailableReplicas(), d.getSpec().getReplicas())
                        && Cluster.pods(client, ns).size() == 1
                        && Integer.toString(revision).equals(d.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
                        && "NewReplicaSetAvailable".equals(condition(d, "Progressing").getReason()));
    }

    private static ReplicaSet replicaSet(String ns, String revision) {
        return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> revision.equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
                .findFirst().orElseThrow();
    }

    private static Pod onlyPod(String ns) {
        List<Pod> pods = Cluster.pods(client, ns);
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    private static List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp())).toList();
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(new DeploymentCondition());
    }

    private static JobCondition condition(Job job, String type) {
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static Job awaitJobCondition(String ns, String name, String type) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(),
                j -> j.getStatus() != null && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus())));
    }
}
