package io.medic.sandbox.apiserver;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's API server: the Fabric8 mock server in CRUD mode on a loopback port, behind an
 * {@link ApiServerDispatcher} that adds what a real API server does and the CRUD store does not
 * ({@code pods/log}, graceful pod deletion, deletion propagation, strategic merge patches, ...).
 * Other processes reach it through {@link #kubeconfig()} or {@link #masterUrl()}, like a real cluster.
 */
public final class ApiServer implements AutoCloseable {

    /** The version the server reports on {@code /version}. */
    public static final String KUBERNETES_VERSION = "v1.33.0-medic-sandbox";

    private final MockWebServer web;
    private final KubernetesMockServer server;
    private final String masterUrl;
    private final Path kubeconfig;
    private final DeletionLog deletions;
    private final Thread drainer;

    private ApiServer(MockWebServer web, KubernetesMockServer server, String masterUrl, Path kubeconfig, DeletionLog deletions) {
        this.web = web;
        this.server = server;
        this.masterUrl = masterUrl;
        this.kubeconfig = kubeconfig;
        this.deletions = deletions;
        // the mock server keeps every request it served for takeRequest(); nobody reads them here
        this.drainer = new Thread(this::drainRecordedRequests, "sandbox-apiserver-drain");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /**
     * Starts the server on {@code address:port} (0: a free port) and writes a kubeconfig naming it to
     * {@code kubeconfig}.
     */
    public static ApiServer start(InetAddress address, int port, Path kubeconfig, PodLogSource logs) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
        DeletionLog deletions = new DeletionLog();
        ApiServerDispatcher dispatcher = new ApiServerDispatcher(new KubernetesMixedDispatcher(responses), logs, deletions);
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, responses, dispatcher, false,
                new VersionInfo.Builder().withMajor("1").withMinor("33").withGitVersion(KUBERNETES_VERSION)
                        .withPlatform("linux/amd64").build());
        server.init(address, port);
        String masterUrl = "http://" + address.getHostAddress() + ":" + server.getPort();
        try {
            Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
            Files.writeString(kubeconfig, kubeconfigYaml(masterUrl));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException("cannot write the kubeconfig " + kubeconfig, e);
        }
        return new ApiServer(web, server, masterUrl, kubeconfig, deletions);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String masterUrl() {
        return masterUrl;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** What deletions asked for about their dependents (read by the garbage collector). */
    public DeletionLog deletions() {
        return deletions;
    }

    /** A new client of this server, configured from the kubeconfig file exactly as another process would be. */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig.toFile())).withRequestTimeout(30_000).withHttp2Disable(true).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        drainer.interrupt();
        server.destroy();
    }

    private void drainRecordedRequests() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                web.takeRequest(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String kubeconfigYaml(String masterUrl) {
        return """
                # The Medic sandbox's API server (a Fabric8 mock API server in CRUD mode); written by io.medic.sandbox.
                apiVersion: v1
                kind: Config
                clusters:
                - name: medic-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: medic-sandbox
                  context:
                    cluster: medic-sandbox
                    user: medic-sandbox
                    namespace: default
                current-context: medic-sandbox
                users:
                - name: medic-sandbox
                  user:
                    token: medic-sandbox
                """.formatted(masterUrl);
    }
}
