package io.medic.detector;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the cluster states the detector must recognise on the Fabric8 mock server (CRUD mode): the
 * Deployment -> ReplicaSet -> Pod chain with the revision annotations a real control plane sets, container
 * statuses as the kubelet reports them, and the log endpoint, which the mock only serves through an
 * expectation on the exact path the detector requests.
 */
final class TestCluster {

    static final String IMAGE = "registry.local/basketball-api:15f3047";
    static final String OLD_IMAGE = "registry.local/basketball-api:737093f";
    static final Map<String, String> LINKS = Map.of(
            "medic.io/issue", "forgejo_admin/basketball-api#183",
            "medic.io/database-secret", "basketball-db/url",
            "medic.io/migrations", "/app/alembic/versions");

    private final KubernetesClient client;
    private final KubernetesServer server;

    TestCluster(KubernetesClient client, KubernetesServer server) {
        this.client = client;
        this.server = server;
    }

    KubernetesClient client() {
        return client;
    }

    /** A namespace name no other test uses. */
    static String namespace(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Deployment deployment(String ns, String name, Map<String, String> annotations, String image, int revision) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withAnnotations(annotations)
                .addToAnnotations("deployment.kubernetes.io/revision", Integer.toString(revision))
                .addToLabels("app.kubernetes.io/instance", name).addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addToContainers(container("api", image)).endSpec().endTemplate().endSpec()
                .build();
        return client.apps().deployments().inNamespace(ns).resource(d).create();
    }

    /** The Deployment rolled to {@code image}: new template, next revision (as the controller would record it). */
    Deployment rollTo(Deployment d, String image, int revision) {
        return client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                .edit(x -> new DeploymentBuilder(x).editMetadata()
                        .addToAnnotations("deployment.kubernetes.io/revision", Integer.toString(revision)).endMetadata()
                        .editSpec().editTemplate().editSpec().withContainers(container("api", image)).endSpec().endTemplate().endSpec()
                        .build());
    }

    Deployment annotate(Deployment d, Map<String, String> annotations) {
        return client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                .edit(x -> new DeploymentBuilder(x).editMetadata().withAnnotations(annotations).endMetadata().build());
    }

    ReplicaSet replicaSet(Deployment d, String hash, int revision, String image) {
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName() + "-" + hash)
                .addToLabels("pod-template-hash", hash)
                .addToAnnotations("deployment.kubernetes.io/revision", Integer.toString(revision))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addToContainers(container("api", image)).endSpec().endTemplate().endSpec()
                .build();
        return client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create();
    }

    /** A running pod of {@code rs} with an app container {@code api} and, if named, an init container. */
    Pod pod(ReplicaSet rs, String suffix, String image, String initContainer, Map<String, String> annotations) {
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName() + "-" + suffix)
                .addToLabels("pod-template-hash", hash).withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().addToContainers(container("api", image)).endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
        if (initContainer != null) {
            pod.editSpec().addToInitContainers(container(initContainer, image)).endSpec();
        }
        Pod built = pod.build();
        return client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(built).create();
    }

    Pod pod(ReplicaSet rs, String suffix, String image) {
        return pod(rs, suffix, image, null, Map.of());
    }

    /** The app container {@code api} waits in CrashLoopBackOff after its {@code restarts}-th crash (ran 3 s, exit 1). */
    Pod crashLoop(Pod pod, int restarts) {
        return crashLoop(pod, restarts, "Error", 1, Instant.now().minusSeconds(4).truncatedTo(ChronoUnit.SECONDS), 3);
    }

    Pod crashLoop(Pod pod, int restarts, String reason, int exitCode, Instant started, long ranSeconds) {
        ContainerStatus api = crashed("api", pod.getSpec().getContainers().get(0).getImage(), restarts, reason, exitCode, started, ranSeconds);
        return setStatus(pod, new PodStatusBuilder().withPhase("Running").withContainerStatuses(api).build());
    }

    /** Init:CrashLoopBackOff: the init container crash-loops, the app container waits for it. */
    Pod initCrashLoop(Pod pod, String init, int restarts) {
        ContainerStatus initStatus = crashed(init, pod.getSpec().getInitContainers().get(0).getImage(), restarts, "Error", 1,
                Instant.now().minusSeconds(4).truncatedTo(ChronoUnit.SECONDS), 3);
        ContainerStatus api = new ContainerStatusBuilder().withName("api").withRestartCount(0).withReady(false)
                .withNewState().withNewWaiting().withReason("PodInitializing").endWaiting().endState().build();
        return setStatus(pod, new PodStatusBuilder().withPhase("Pending").withInitContainerStatuses(initStatus)
                .withContainerStatuses(api).build());
    }

    /** Running and Ready since {@code since}, after {@code restarts} restarts. */
    Pod ready(Pod pod, int restarts, Instant since) {
        ContainerStatus api = new ContainerStatusBuilder().withName("api").withImage(pod.getSpec().getContainers().get(0).getImage())
                .withRestartCount(restarts).withReady(true)
                .withNewState().withNewRunning().withStartedAt(since.toString()).endRunning().endState().build();
        return setStatus(pod, new PodStatusBuilder().withPhase("Running").withContainerStatuses(api)
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(since.toString()).endCondition()
                .build());
    }

    private static ContainerStatus crashed(String name, String image, int restarts, String reason, int exitCode, Instant started,
                                           long ranSeconds) {
        return new ContainerStatusBuilder().withName(name).withImage(image).withRestartCount(restarts).withReady(false)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 20s restarting failed container=" + name).endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withStartedAt(started.toString()).withFinishedAt(started.plusSeconds(ranSeconds).toString())
                .endTerminated().endLastState()
                .build();
    }

    private Pod setStatus(Pod pod, PodStatus status) {
        Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        current.setStatus(status);
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(current).updateStatus();
    }

    /** A Helm pre-upgrade hook Job (same instance/name labels as the Deployment) whose pod failed. */
    Job failedMigrationJob(String ns, String name, String instance, Map<String, String> annotations, int failures, boolean failed) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withAnnotations(annotations)
                .addToAnnotations("helm.sh/hook", "pre-upgrade")
                .addToLabels("app.kubernetes.io/instance", instance).addToLabels("app.kubernetes.io/name", instance)
                .addToLabels("app.kubernetes.io/component", "migrations").endMetadata()
                .withNewSpec().withBackoffLimit(failures).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addToContainers(new ContainerBuilder(container("migrate", IMAGE)).withCommand("alembic", "upgrade", "head").build())
                .endSpec().endTemplate().endSpec();
        Job built = job.build();
        Job created = client.batch().v1().jobs().inNamespace(ns).resource(built).create();
        Instant started = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Pod pod = new PodBuilder()
                .withNewMetadata().withNamespace(ns).withName(name + "-x7k2p")
                .addToLabels("batch.kubernetes.io/job-name", name)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name)
                        .withUid(created.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").addToContainers(container("migrate", IMAGE)).endSpec()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("migrate").withImage(IMAGE).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error").withStartedAt(started.toString())
                .withFinishedAt(started.plusSeconds(2).toString()).endTerminated().endState().endContainerStatus().endStatus()
                .build();
        client.pods().inNamespace(ns).resource(pod).create();
        created.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withFailed(failures)
                .addNewCondition().withType("Failed").withStatus(failed ? "True" : "False").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").endCondition().build());
        return client.batch().v1().jobs().inNamespace(ns).resource(created).updateStatus();
    }

    /**
     * A Warning event about {@code object}. The mock's field selectors only know metadata fields, so the
     * events are served on the exact path the detector asks for ({@code involvedObject.name=...}).
     */
    void warning(String ns, String object, String reason, String message) {
        Event event = new EventBuilder()
                .withNewMetadata().withName(object + "." + UUID.randomUUID().toString().substring(0, 8)).withNamespace(ns).endMetadata()
                .withType("Warning").withReason(reason).withMessage(message).withLastTimestamp(Instant.now().toString())
                .withNewInvolvedObject().withKind("Pod").withName(object).withNamespace(ns).endInvolvedObject()
                .build();
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/events?fieldSelector=involvedObject.name%3D" + object)
                .andReturn(200, new EventListBuilder().addToItems(event).build()).always();
    }

    /** The log of the container's previous instance, on the exact path the detector asks for. */
    void previousLog(String ns, String pod, String container, String log) {
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=" + container
                + "&previous=true&tailLines=200").andReturn(200, log).always();
    }

    /** The log of the container's current (terminated) instance: a failed Job's pod. */
    void currentLog(String ns, String pod, String container, String log) {
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=" + container
                + "&tailLines=200").andReturn(200, log).always();
    }

    static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

}
