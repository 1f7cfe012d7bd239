package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No process a pod started outlives the sandbox: not on close(), not on SIGTERM, not on kill -9 of its JVM. */
class SandboxLifecycleTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void closeLeavesNoProcessBehind() {
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(0.05).withShutdownGrace(Duration.ofSeconds(2)));
        Path workDir = sandbox.workDir();
        try {
            KubernetesClient client = sandbox.client();
            client.pods().inNamespace("a").resource(sleeper("forks")).create();
            client.pods().inNamespace("a").resource(new PodBuilder(sleeper("ignores-sigterm")).editSpec().editFirstContainer()
                    .withCommand("sh", "-c", "trap '' TERM; sleep 600 & wait").endContainer().endSpec().build()).create();
            client.apps().deployments().inNamespace("b").resource(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "d").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "d").endMetadata().withSpec(sleeper("x").getSpec()).endTemplate()
                    .endSpec().build()).create();
            await().atMost(TIMEOUT).until(() -> Cluster.pods(client, "a").stream().allMatch(p -> Cluster.running(p, "main"))
                    && Cluster.pods(client, "b").size() == 2 && Cluster.pods(client, "b").stream().allMatch(p -> Cluster.running(p, "main")));
            await().atMost(TIMEOUT).until(() -> Cluster.sleeps("600").size() == 7);
        } finally {
            sandbox.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(Cluster::running).map(SandboxLifecycleTests::describe).toList()).isEmpty();
        assertThat(workDir).doesNotExist();
    }

    @Test
    void killMinus9OfTheSandboxsJvmKillsEveryProcessOfItsPods() throws Exception {
        Process jvm = startSandboxJvm();
        try {
            Map<String, String> ready = awaitReady(jvm);
            List<ProcessHandle> pods = runPodsThroughAnotherProcess(ready);

            jvm.destroyForcibly();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(TIMEOUT).until(() -> pods.stream().noneMatch(Cluster::running));
        } finally {
            jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermStopsTheSandboxAndItsPods() throws Exception {
        Process jvm = startSandboxJvm();
        try {
            Map<String, String> ready = awaitReady(jvm);
            List<ProcessHandle> pods = runPodsThroughAnotherProcess(ready);

            jvm.destroy();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pods.stream().filter(Cluster::running).map(SandboxLifecycleTests::describe).toList()).isEmpty();
        } finally {
            jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Pods created through a client of the other JVM's API server (as another process would), running; their processes. */
    private static List<ProcessHandle> runPodsThroughAnotherProcess(Map<String, String> ready) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Path.of(ready.get("kubeconfig")).toFile())).build()) {
            assertThat(client.getConfiguration().getMasterUrl()).startsWith(ready.get("master-url"));
            client.pods().inNamespace("default").resource(sleeper("one")).create();
            client.pods().inNamespace("default").resource(sleeper("two")).create();
            await().atMost(TIMEOUT).until(() -> Cluster.pods(client, "default").stream().filter(p -> Cluster.running(p, "main")).count() == 2);
        }
        return await().atMost(TIMEOUT).until(() -> Cluster.sleeps("600"), l -> l.size() == 4);
    }

    private static io.fabric8.kubernetes.api.model.Pod sleeper(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L).addNewContainer().withName("main").withImage(Sandbox.BUSYBOX)
                .withCommand("sh", "-c", "sleep 600 & exec sleep 600").endContainer().endSpec().build();
    }

    private static Process startSandboxJvm() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SandboxMain.class.getName(), "--no-fixture", "--back-off-factor", "0.05", "--shutdown-grace", "2")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the main's "key value" lines until "ready". */
    private static Map<String, String> awaitReady(Process jvm) throws IOException {
        Map<String, String> values = new HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            int space = line.indexOf(' ');
            values.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
            if (line.startsWith("ready")) {
                System.out.println("sandbox JVM " + line);
                return values;
            }
        }
        throw new IllegalStateException("the sandbox JVM did not get ready: " + values);
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().orElse("?");
    }
}
