package io.medic.executor.testing;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;

import java.net.InetAddress;
import java.util.List;

/**
 * The Fabric8 mock API server in CRUD mode, as a test resource every Quarkus test class of the module
 * declares (with {@link io.medic.testsupport.KafkaResource} and {@link AlembicProjects}), so they share one
 * application start and one mock server, each test in namespaces of its own.
 */
public class CrudKubernetesServer extends KubernetesServerTestResource {

    @Override
    protected KubernetesServer createServer() {
        return new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    }
}
