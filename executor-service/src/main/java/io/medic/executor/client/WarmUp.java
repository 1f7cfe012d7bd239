package io.medic.executor.client;

import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.medic.executor.domain.DatabaseUrl;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Pays the first plan's class loading at start instead: a fresh executor took about two seconds from a decision
 * to its first step, most of it loading Fabric8's model classes and the Vert.x PostgreSQL client, against tens of
 * milliseconds warm. In the background, so readiness is not delayed: a Deployment, a Job and a Pod read through
 * Fabric8's serialization as the API server sends them, one cheap read of the API server, and a connection
 * attempt to a database that cannot exist (port 1: refused at once; nothing is written anywhere).
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final KubernetesClient client;
    private final Vertx vertx;

    public WarmUp(KubernetesClient client, Vertx vertx) {
        this.client = client;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent start) {
        Thread.ofPlatform().daemon().name("executor-warm-up").start(this::run);
    }

    void run() {
        long began = System.nanoTime();
        try {
            client.getKubernetesSerialization().unmarshal(resource(), KubernetesList.class);
            client.namespaces().withName(client.getNamespace() == null ? "default" : client.getNamespace()).get();
        } catch (KubernetesClientException e) {
            LOG.debugf("warm-up read of the API server: HTTP %d", e.getCode());
        }
        try (PgSession ignored = PgSession.connect(vertx, DatabaseUrl.parse("postgresql://medic@127.0.0.1:1/warm_up"),
                "medic-executor warm-up")) {
            LOG.debug("warm-up: a database answered on port 1");
        } catch (RuntimeException expected) {
            // refused: the connection path is loaded, which is all the warm-up is for
        }
        LOG.infof("warmed up in %d ms (Fabric8 models, the PostgreSQL client)", (System.nanoTime() - began) / 1_000_000);
    }

    private static String resource() {
        try (InputStream in = WarmUp.class.getResourceAsStream("/warm-up/workload.yaml")) {
            if (in == null) {
                throw new IllegalStateException("warm-up resource workload.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
