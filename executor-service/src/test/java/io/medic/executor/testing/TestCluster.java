package io.medic.executor.testing;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.medic.events.WorkloadRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster the plans act on, on the Fabric8 mock API server (which runs no controllers): a Secret with
 * the database URL, the crash-looping Deployment, and a stand-in Deployment controller and kubelet that
 * replace the pods when the pod template changes (a rollout restart, a new image) with a Ready pod on
 * 127.0.0.1, where a small HTTP server answers the health path.
 */
public final class TestCluster implements AutoCloseable {

    public static final String CONTAINER = "api";
    private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final KubernetesClient client;
    private final List<Watch> watches = new ArrayList<>();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile HttpServer http;
    private volatile int healthStatus = 200;
    private volatile int restartsOfNewPods;

    public TestCluster(KubernetesClient client) {
        this.client = client;
    }

    public KubernetesClient client() {
        return client;
    }

    public static String namespace(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void secret(String namespace, String url) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(Plans.SECRET.name())
                .withNamespace(namespace).endMetadata().addToStringData(Plans.SECRET.key(), url).build()).create();
    }

    /** The workload of the incident: app container {@code api} reads DATABASE_URL from the Secret; one pod crash-loops. */
    public WorkloadRef deployment(String namespace, String name, String image) {
        Container api = new ContainerBuilder().withName(CONTAINER).withImage(image).withWorkingDir("/app")
                .withCommand("sh", "-c", "alembic upgrade head && exec python -m app")
                .withEnv(new EnvVarBuilder().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef()
                        .withName(Plans.SECRET.name()).withKey(Plans.SECRET.key()).endSecretKeyRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("LOG_LEVEL").withValue("info").build())
                .build();
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withServiceAccountName(name).addToContainers(api).endSpec().endTemplate().endSpec()
                .build();
        client.apps().deployments().inNamespace(namespace).resource(d).create();
        Pod crashing = podFrom(namespace, name, d.getSpec().getTemplate(), name + "-old-0", false, 32);
        client.pods().inNamespace(namespace).resource(crashing).create();
        return new WorkloadRef(namespace, "Deployment", name);
    }

    /**
     * Plays the Deployment controller and kubelet in {@code namespace}: when the template changes, the pods
     * not made from it go, and one Ready pod made from it comes, with the template's annotations and images.
     */
    public void controller(String namespace) {
        watches.add(client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.MODIFIED) {
                    reconcile(d);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
    }

    private synchronized void reconcile(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        PodTemplateSpec template = d.getSpec().getTemplate();
        List<Pod> pods = client.pods().inNamespace(ns).withLabel("app", name).list().getItems();
        boolean current = false;
        for (Pod pod : pods) {
            if (fromTemplate(template, pod)) {
                current = true;
            } else {
                client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).delete();
            }
        }
        if (!current) {
            Pod fresh = podFrom(ns, name, template, name + "-new-" + generation.incrementAndGet(), true, restartsOfNewPods);
            client.pods().inNamespace(ns).resource(fresh).create();
        }
    }

    private static boolean fromTemplate(PodTemplateSpec template, Pod pod) {
        String wanted = template.getMetadata().getAnnotations() == null ? null : template.getMetadata().getAnnotations().get(RESTARTED_AT);
        String has = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(RESTARTED_AT);
        return Objects.equals(wanted, has) && template.getSpec().getContainers().get(0).getImage()
                .equals(pod.getSpec().getContainers().get(0).getImage());
    }

    private static Pod podFrom(String ns, String name, PodTemplateSpec template, String podName, boolean ready, int restarts) {
        Map<String, String> annotations = template.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(template.getMetadata().getAnnotations());
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(CONTAINER)
                .withImage(template.getSpec().getContainers().get(0).getImage()).withRestartCount(restarts).withReady(ready);
        status = ready ? status.withNewState().withNewRunning().endRunning().endState()
                : status.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState();
        return new PodBuilder()
                .withNewMetadata().withNamespace(ns).withName(podName).withLabels(template.getMetadata().getLabels())
                .withAnnotations(annotations).endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(status.build()).endStatus()
                .build();
    }

    /** A pod of the workload restarts once more (a crash loop that shows during the settle period). */
    public void restartNewPods(String namespace, String name) {
        for (Pod pod : client.pods().inNamespace(namespace).withLabel("app", name).list().getItems()) {
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).edit(p -> new PodBuilder(p)
                    .editStatus().editFirstContainerStatus().withRestartCount(p.getStatus().getContainerStatuses().get(0)
                            .getRestartCount() + 1).endContainerStatus().endStatus().build());
        }
    }

    /** The health endpoint of the "pods" (127.0.0.1): answers {@link #healthStatus} on /health. */
    public int healthServer() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/health", exchange -> {
                exchange.sendResponseHeaders(healthStatus, -1);
                exchange.close();
            });
            http.start();
            return http.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void healthStatus(int status) {
        this.healthStatus = status;
    }

    public void restartsOfNewPods(int restarts) {
        this.restartsOfNewPods = restarts;
    }

    /** Waits (with a deadline) until the stand-in controller has made a pod from the current template. */
    public Pod awaitNewPod(WorkloadRef ref) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                    Deployment d = deploymentNow(ref);
                    return client.pods().inNamespace(ref.namespace()).withLabel("app", ref.name()).list().getItems().stream()
                            .filter(p -> p.getMetadata().getName().contains("-new-") && fromTemplate(d.getSpec().getTemplate(), p))
                            .findFirst().orElse(null);
                }, java.util.Objects::nonNull);
    }

    public Deployment deploymentNow(WorkloadRef ref) {
        return client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        if (http != null) {
            http.stop(0);
        }
    }
}
