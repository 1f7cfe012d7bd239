package io.medic.detector.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.detector.client.ClusterInformers;
import io.medic.detector.client.InformerFactory;
import io.medic.detector.listener.CrashLoopWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** The detector's outbound adapters, built once from its configuration (the composition root of {@code client}). */
@ApplicationScoped
public class ClientBeans {

    /** Informers on what {@code medic.detector.namespaces} and {@code label-selector} name, handled by the watcher. */
    @Produces
    @Singleton
    InformerFactory informers(KubernetesClient client, DetectorConfig config, CrashLoopWatcher watcher) {
        List<String> namespaces = config.namespaces().orElse(List.of());
        String labelSelector = config.labelSelector().orElse(null);
        return () -> watcher.attachTo(new ClusterInformers(client, namespaces, labelSelector));
    }
}
