package io.medic.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.medic.sandbox.apiserver.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the sandbox's API server does beyond the mock's CRUD store, as clients see it. */
class ApiServerTests {

    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(0.05));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void anotherProcessReachesItThroughTheKubeconfigsServer() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("hello").endMetadata()
                .addToData("greeting", "hi").build()).create();
        Config config = Config.fromKubeconfig(sandbox.kubeconfig().toFile());
        assertThat(config.getMasterUrl()).startsWith(sandbox.masterUrl());
        Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                sandbox.masterUrl() + "/api/v1/namespaces/default/configmaps/hello").redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("\"greeting\":\"hi\"");
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(ApiServer.KUBERNETES_VERSION);
        assertThat(client.nodes().withName(sandbox.nodeName()).get().getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready"));
    }

    @Test
    void aStrategicMergePatchMergesContainersByName() {
        client.apps().deployments().inNamespace("smp").resource(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "d").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "d").endMetadata().withNewSpec()
                .addNewContainer().withName("main").withImage("busybox:1").addNewEnv().withName("A").withValue("1").endEnv().endContainer()
                .addNewContainer().withName("side").withImage("busybox:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Deployment patched = client.apps().deployments().inNamespace("smp").withName("d").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:2\"}]}}}}");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:2");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("1"));
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void aMergePatchReplacesListsAndRemovingTheLastFinalizerDeletes() {
        client.configMaps().inNamespace("merge").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .withFinalizers("example.com/a", "example.com/b").endMetadata().build()).create();
        ConfigMap one = client.configMaps().inNamespace("merge").withName("c").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"finalizers\":[\"example.com/b\"]}}");
        assertThat(one.getMetadata().getFinalizers()).containsExactly("example.com/b");
        client.configMaps().inNamespace("merge").withName("c").delete();
        assertThat(client.configMaps().inNamespace("merge").withName("c").get().getMetadata().getDeletionTimestamp()).isNotNull();
        client.configMaps().inNamespace("merge").withName("c").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":[]}}");
        assertThat(client.configMaps().inNamespace("merge").withName("c").get()).isNull();
    }

    @Test
    void aSecretsStringDataIsStoredAsData() {
        client.secrets().inNamespace("secrets").resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("url", "postgresql://u@h/db").build()).create();
        var secret = client.secrets().inNamespace("secrets").withName("s").get();
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("url")), StandardCharsets.UTF_8)).isEqualTo("postgresql://u@h/db");
        assertThat(secret.getType()).isEqualTo("Opaque");
    }

    @Test
    void eventsAreFoundByTheirInvolvedObject() {
        for (String name : List.of("p1", "p2")) {
            client.pods().inNamespace("events").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage(Sandbox.BUSYBOX).withCommand("true").endContainer()
                    .withRestartPolicy("Never").endSpec().build()).create();
        }
        List<Event> p1 = await().atMost(Duration.ofSeconds(30)).until(() -> client.v1().events().inNamespace("events")
                .withField("involvedObject.name", "p1").list().getItems(), l -> l.stream().anyMatch(e -> "Started".equals(e.getReason())));
        assertThat(p1).allMatch(e -> e.getInvolvedObject().getName().equals("p1"));
        assertThat(client.v1().events().inNamespace("events").withField("involvedObject.name", "p2").list().getItems())
                .allMatch(e -> e.getInvolvedObject().getName().equals("p2"));
    }
}
