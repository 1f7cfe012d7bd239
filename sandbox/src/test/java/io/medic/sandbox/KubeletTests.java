package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The process kubelet: pods run as local processes, with the kubelet's statuses, restarts, probes and logs. */
class KubeletTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final double FACTOR = 0.05;
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(FACTOR));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theEnvironmentComesFromSecretsConfigMapsAndTheDownwardApi() {
        String ns = "env";
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("db").endMetadata()
                .addToStringData("url", "postgresql://app:s3cret@db:5432/app").build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("LEVEL", "debug").addToData("REGION", "pdx").build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("env").addToLabels("team", "kings").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(Sandbox.BUSYBOX)
                .withCommand("sh", "-c", "echo url=$DATABASE_URL level=$LEVEL cfg_region=$CFG_REGION ip=$POD_IP name=$POD_NAME ns=$POD_NAMESPACE team=$TEAM greeting=$GREETING; exec sleep 600")
                .addNewEnv().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef("url", "db", false).endValueFrom().endEnv()
                .addNewEnv().withName("LEVEL").withNewValueFrom().withNewConfigMapKeyRef("LEVEL", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef("v1", "status.podIP").endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef("v1", "metadata.name").endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef("v1", "metadata.namespace").endValueFrom().endEnv()
                .addNewEnv().withName("TEAM").withNewValueFrom().withNewFieldRef("v1", "metadata.labels['team']").endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hello-$(POD_NAME)").endEnv()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef("settings", false).endEnvFrom()
                .endContainer().endSpec().build()).create();

        Pod pod = Cluster.awaitPod(client, ns, "env", TIMEOUT, p -> Cluster.running(p, "main")
                && !client.pods().inNamespace(ns).withName("env").getLog().isEmpty());
        String ip = pod.getStatus().getPodIP();
        assertThat(client.pods().inNamespace(ns).withName("env").getLog().strip()).isEqualTo(
                "url=postgresql://app:s3cret@db:5432/app level=debug cfg_region=pdx ip=" + ip + " name=env ns=env team=kings greeting=hello-env");
        assertThat(client.secrets().inNamespace(ns).withName("db").get().getData()).containsKey("url");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getSpec().getNodeName()).isEqualTo(sandbox.nodeName());
        assertThat(Cluster.ready(pod)).isTrue();
    }

    @Test
    void aMissingSecretLeavesTheContainerInCreateContainerConfigError() {
        client.pods().inNamespace("missing-secret").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sleep", "600")
                .addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("url", "nowhere", false).endValueFrom().endEnv()
                .endContainer().endSpec().build()).create();
        Pod pod = Cluster.awaitPod(client, "missing-secret", "p", TIMEOUT, p -> "CreateContainerConfigError".equals(Cluster.waitingReason(p, "main")));
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage()).isEqualTo("secret \"nowhere\" not found");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void anUnknownImageIsErrImagePullThenImagePullBackOff() {
        client.pods().inNamespace("no-image").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("registry.local/nothing:1.0").endContainer().endSpec().build()).create();
        Cluster.awaitPod(client, "no-image", "p", TIMEOUT, p -> "ErrImagePull".equals(Cluster.waitingReason(p, "main"))
                || "ImagePullBackOff".equals(Cluster.waitingReason(p, "main")));
        Cluster.awaitPod(client, "no-image", "p", TIMEOUT, p -> "ImagePullBackOff".equals(Cluster.waitingReason(p, "main")));
    }

    @Test
    void initContainersRunFirstInOrder() {
        String ns = "init-order";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec()
                .addNewInitContainer().withName("first").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "echo first").endInitContainer()
                .addNewInitContainer().withName("second").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "echo second").endInitContainer()
                .addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "echo main; exec sleep 600").endContainer()
                .endSpec().build()).create();
        Pod pod = Cluster.awaitPod(client, ns, "p", TIMEOUT, p -> Cluster.running(p, "main"));
        List<ContainerStatus> inits = pod.getStatus().getInitContainerStatuses();
        assertThat(inits).extracting(ContainerStatus::getName).containsExactly("first", "second");
        for (ContainerStatus init : inits) {
            assertThat(init.getState().getTerminated().getExitCode()).isZero();
            assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
            assertThat(init.getReady()).isTrue();
        }
        Instant firstDone = Instant.parse(inits.get(0).getState().getTerminated().getFinishedAt());
        assertThat(Instant.parse(inits.get(1).getState().getTerminated().getStartedAt())).isAfterOrEqualTo(firstDone);
        assertThat(Instant.parse(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt()))
                .isAfterOrEqualTo(Instant.parse(inits.get(1).getState().getTerminated().getFinishedAt()));
        assertThat(Cluster.condition(pod, "Initialized")).isEqualTo("True");
        assertThat(client.pods().inNamespace(ns).withName("p").inContainer("second").getLog()).isEqualTo("second\n");
    }

    @Test
    void aFailingInitContainerCrashLoopsAndHoldsThePodPending() {
        String ns = "init-crash";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec()
                .addNewInitContainer().withName("migrate").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "echo migration failed >&2; exit 3").endInitContainer()
                .addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sleep", "600").endContainer()
                .endSpec().build()).create();
        Pod pod = Cluster.awaitPod(client, ns, "p", TIMEOUT,
                p -> Cluster.restarts(p, "migrate") >= 2 && "CrashLoopBackOff".equals(Cluster.waitingReason(p, "migrate")));
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(Cluster.waitingReason(pod, "main")).isEqualTo("PodInitializing");
        ContainerStatus migrate = pod.getStatus().getInitContainerStatuses().get(0);
        assertThat(migrate.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(migrate.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(client.pods().inNamespace(ns).withName("p").inContainer("migrate").terminated().getLog()).isEqualTo("migration failed\n");
        assertThat(pod.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Initialized") && c.getStatus().equals("False")
                && c.getMessage().equals("containers with incomplete status: [migrate]"));
    }

    @Test
    void restartCountGrowsWithTheScaledBackOff() {
        String ns = "back-off";
        Map<Integer, Instant> restartedAt = new ConcurrentHashMap<>();
        List<String> waiting = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.pods().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                Cluster.container(pod, "main").ifPresent(s -> {
                    restartedAt.putIfAbsent(s.getRestartCount(), Instant.now());
                    if (s.getState().getWaiting() != null) {
                        waiting.add(s.getState().getWaiting().getReason());
                    }
                });
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("crasher").endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "echo crash $$; exit 1")
                    .endContainer().endSpec().build()).create();
            await().atMost(TIMEOUT).until(() -> restartedAt.containsKey(4));
        }
        // the kubelet's back-off, times the factor: restart 1 at once, then 10 s, 20 s, 40 s... after the crash before
        for (int restart = 2; restart <= 4; restart++) {
            Duration backOff = Duration.ofMillis(Math.round(10_000 * FACTOR * Math.pow(2, restart - 2)));
            Duration gap = Duration.between(restartedAt.get(restart - 1), restartedAt.get(restart));
            assertThat(gap).as("restart %d after restart %d", restart, restart - 1).isGreaterThanOrEqualTo(backOff.minusMillis(100));
        }
        assertThat(waiting).contains("CrashLoopBackOff");
        Pod pod = client.pods().inNamespace(ns).withName("crasher").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(Cluster.container(pod, "main").orElseThrow().getLastState().getTerminated().getExitCode()).isEqualTo(1);
    }

    @Test
    void restartPoliciesNeverAndOnFailureEndThePod() {
        String ns = "policies";
        client.pods().inNamespace(ns).resource(pod("never", "Never", "exit 2")).create();
        client.pods().inNamespace(ns).resource(pod("on-failure", "OnFailure", "test -f $HOSTNAME.done && exit 0; touch $HOSTNAME.done; exit 1")).create();
        Pod never = Cluster.awaitPod(client, ns, "never", TIMEOUT, p -> "Failed".equals(Cluster.phase(p)));
        assertThat(Cluster.restarts(never, "main")).isZero();
        assertThat(never.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(2);
        Pod onFailure = Cluster.awaitPod(client, ns, "on-failure", TIMEOUT, p -> "Succeeded".equals(Cluster.phase(p)));
        assertThat(Cluster.restarts(onFailure, "main")).isEqualTo(1);
        assertThat(onFailure.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(Cluster.condition(onFailure, "Ready")).isEqualTo("False");
    }

    @Test
    void aContainersWorkingDirIsInsideItsImageAndAMissingOneIsAStartError() {
        String ns = "working-dir";
        client.pods().inNamespace(ns).resource(pod("mkdir", "Never", "mkdir -p srv/app")).create();
        Cluster.awaitPod(client, ns, "mkdir", TIMEOUT, p -> "Succeeded".equals(Cluster.phase(p)));
        Pod inApp = new PodBuilder(pod("in-app", "Never", "pwd")).editSpec().editFirstContainer().withWorkingDir("/srv/app")
                .endContainer().endSpec().build();
        client.pods().inNamespace(ns).resource(inApp).create();
        Cluster.awaitPod(client, ns, "in-app", TIMEOUT, p -> "Succeeded".equals(Cluster.phase(p)));
        assertThat(client.pods().inNamespace(ns).withName("in-app").getLog().strip()).endsWith("/srv/app");

        Pod missing = new PodBuilder(pod("missing", "Never", "pwd")).editSpec().editFirstContainer().withWorkingDir("/opt/none")
                .endContainer().endSpec().build();
        client.pods().inNamespace(ns).resource(missing).create();
        Pod failed = Cluster.awaitPod(client, ns, "missing", TIMEOUT, p -> "Failed".equals(Cluster.phase(p)));
        var terminated = failed.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getReason()).isEqualTo("StartError");
        assertThat(terminated.getExitCode()).isEqualTo(128);
        assertThat(terminated.getMessage()).contains("chdir to cwd (\"/opt/none\")");
    }

    @Test
    void readinessComesFromTheHttpProbeOnThePodsOwnAddress() throws Exception {
        String ns = "readiness";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(Sandbox.PYTHON)
                .withCommand("python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef("v1", "status.podIP").endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withNewPort("http").endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build()).create();
        Pod pod = Cluster.awaitPod(client, ns, "web", TIMEOUT, Cluster::ready);
        assertThat(Cluster.condition(pod, "ContainersReady")).isEqualTo("True");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP() + ":8080/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        // a second pod binds the same port on its own address
        client.pods().inNamespace(ns).resource(new PodBuilder(pod).withNewMetadata().withName("web2").endMetadata().withStatus(null).build()).create();
        Pod second = Cluster.awaitPod(client, ns, "web2", TIMEOUT, Cluster::ready);
        assertThat(second.getStatus().getPodIP()).isNotEqualTo(pod.getStatus().getPodIP());
    }

    @Test
    void aDeletedPodsProcessesAreStoppedAndThePodGoesAway() {
        String ns = "delete";
        client.pods().inNamespace(ns).resource(pod("sleeper", "Always", "sleep 617 & exec sleep 617")).create();
        Cluster.awaitPod(client, ns, "sleeper", TIMEOUT, p -> Cluster.running(p, "main"));
        List<ProcessHandle> sleeps = await().atMost(TIMEOUT).until(() -> Cluster.sleeps("617"), l -> l.size() == 2);

        client.pods().inNamespace(ns).withName("sleeper").delete();
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(ns).withName("sleeper").get() == null);
        await().atMost(TIMEOUT).until(() -> sleeps.stream().noneMatch(Cluster::running));
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anyMatch(e -> "Killing".equals(e.getReason()));
    }

    @Test
    void theLogApiAnswersAsTheKubeletDoes() {
        String ns = "logs";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("two").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("a").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; exec sleep 600").endContainer()
                .addNewContainer().withName("b").withImage(Sandbox.BUSYBOX).withCommand("sleep", "600").endContainer()
                .endSpec().build()).create();
        Cluster.awaitPod(client, ns, "two", TIMEOUT, p -> Cluster.running(p, "a") && client.pods().inNamespace(ns).withName("two")
                .inContainer("a").getLog().contains("line 5"));
        assertThat(client.pods().inNamespace(ns).withName("two").inContainer("a").tailingLines(2).getLog()).isEqualTo("line 4\nline 5\n");
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("two").getLog())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("a container name must be specified for pod two");
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("two").inContainer("a").terminated().getLog())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("previous terminated container \"a\" in pod \"two\" not found");
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("two").inContainer("c").getLog())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("container c is not valid for pod two");
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("nobody").inContainer("a").getLog())
                .isInstanceOf(KubernetesClientException.class);
    }

    private static Pod pod(String name, String restartPolicy, String script) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("sh", "-c", script).endContainer()
                .endSpec().build();
    }
}
