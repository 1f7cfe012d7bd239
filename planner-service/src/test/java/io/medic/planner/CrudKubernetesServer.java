package io.medic.planner;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;

import java.net.InetAddress;
import java.util.List;

/**
 * The Fabric8 mock API server in CRUD mode as a test resource every planner test class declares (unlike
 * {@code @WithKubernetesTestServer}, it is not bound to one class), so they all share one application boot.
 * Inject it with {@code @KubernetesTestServer KubernetesServer server}.
 */
public class CrudKubernetesServer extends KubernetesServerTestResource {

    @Override
    protected KubernetesServer createServer() {
        return new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    }
}
