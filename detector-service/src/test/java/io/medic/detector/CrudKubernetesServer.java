package io.medic.detector;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;

import java.net.InetAddress;
import java.util.List;

/**
 * The Fabric8 mock API server in CRUD mode, as a test resource that is not restricted to one class
 * (unlike {@code @WithKubernetesTestServer}): every test class of the module declares the same resources,
 * so they all share one application boot and one mock server, each test in namespaces of its own.
 * Inject it with {@code @KubernetesTestServer KubernetesServer server}.
 */
public class CrudKubernetesServer extends KubernetesServerTestResource {

    @Override
    protected KubernetesServer createServer() {
        return new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    }
}
