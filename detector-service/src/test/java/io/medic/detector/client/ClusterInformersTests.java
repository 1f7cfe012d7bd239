package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What the informers watch (configured namespaces, label selector) and what their caches keep, on the Fabric8 mock server. */
class ClusterInformersTests {

    private final KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    private KubernetesClient client;
    private ClusterInformers informers;
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        server.before();
        client = server.getClient();
    }

    @AfterEach
    void stop() {
        if (informers != null) {
            informers.close();
        }
        server.after();
    }

    @Test
    void onlyTheConfiguredNamespacesAreWatched() throws Exception {
        watch(List.of("team-a"), null);

        client.pods().inNamespace("team-b").resource(pod("team-b", "other", Map.of())).create();
        client.pods().inNamespace("team-a").resource(pod("team-a", "api", Map.of())).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("team-a/api"));
        assertThat(informers.watches("team-a")).isTrue();
        assertThat(informers.watches("team-b")).isFalse();
        assertThat(informers.pod("team-b", "other")).isEmpty();
        assertThat(seen).doesNotContain("team-b/other");
    }

    @Test
    void theLabelSelectorNarrowsThePodsWatched() throws Exception {
        watch(List.of(), "team=payments");

        client.pods().inNamespace("ns").resource(pod("ns", "unlabelled", Map.of())).create();
        client.pods().inNamespace("ns").resource(pod("ns", "labelled", Map.of("team", "payments"))).create();

        // one watch stream, in order: had the first pod matched, it would have been seen first
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ns/labelled"));
        assertThat(seen).containsExactly("ns/labelled");
    }

    @Test
    void theCacheKeepsWhatTheRulesReadAndDropsTheRest() throws Exception {
        watch(List.of(), null);
        Pod full = new PodBuilder(pod("ns", "api", Map.of()))
                .editMetadata().addToAnnotations(LeanItemStore.LAST_APPLIED, "{\"huge\": true}").addToAnnotations("medic.io/issue", "a/b#1")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).endMetadata()
                .editSpec().editFirstContainer().addNewEnv().withName("DATABASE_URL").withValue("postgresql://u:p@db/x").endEnv()
                .withCommand("alembic", "upgrade", "head").endContainer().addNewVolume().withName("cfg").endVolume().endSpec()
                .build();

        client.pods().inNamespace("ns").resource(full).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> informers.pod("ns", "api").isPresent());
        Pod cached = informers.pod("ns", "api").orElseThrow();
        assertThat(cached.getMetadata().getAnnotations()).containsEntry("medic.io/issue", "a/b#1").doesNotContainKey(LeanItemStore.LAST_APPLIED);
        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getSpec().getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("api");
            assertThat(c.getImage()).isEqualTo("registry.local/basketball-api:15f3047");
            assertThat(c.getEnv()).isNullOrEmpty();
            assertThat(c.getCommand()).isNullOrEmpty();
        });
        assertThat(cached.getSpec().getVolumes()).isNullOrEmpty();
        assertThat(cached.getStatus().getContainerStatuses()).singleElement().satisfies(s -> assertThat(s.getRestartCount()).isEqualTo(2));
    }

    @Test
    void anInformerThatCannotListFailsTheStartAndIsNamedWithTheReason() {
        server.expect().get().withPath("/apis/apps/v1/deployments?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage("deployments.apps is forbidden: User \"system:serviceaccount:medic:detector\" cannot list"
                                + " resource \"deployments\" in API group \"apps\" at the cluster scope").build())
                .always();
        informers = new ClusterInformers(client, List.of(), null);

        assertThatThrownBy(() -> informers.start().get(30, TimeUnit.SECONDS)).rootCause()
                .hasMessageStartingWith("the deployments (all namespaces) informer could not start: KubernetesClientException:")
                .hasMessageContaining("deployments.apps is forbidden");
        assertThat(informers.stopped()).containsOnlyKeys("deployments (all namespaces)");
    }

    private void watch(List<String> namespaces, String labelSelector) throws Exception {
        informers = new ClusterInformers(client, namespaces, labelSelector).onPods(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
            }
        });
        informers.start().get(30, TimeUnit.SECONDS);
    }

    private static Pod pod(String ns, String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("registry.local/basketball-api:15f3047").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("api").withRestartCount(2).endContainerStatus()
                .endStatus().build();
    }
}
