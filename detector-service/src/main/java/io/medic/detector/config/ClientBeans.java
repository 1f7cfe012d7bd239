package io.medic.detector.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.detector.client.ClusterInformers;
import io.medic.detector.client.IncidentHistory;
import io.medic.detector.client.InformerFactory;
import io.medic.detector.client.LogFetcher;
import io.medic.detector.client.RecentEvents;
import io.medic.detector.listener.CrashLoopWatcher;
import io.medic.messaging.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
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

    /** The end of a crashed container's log: {@code log-tail-lines}, at most {@code log-max-bytes}. */
    @Produces
    @Singleton
    LogFetcher logFetcher(KubernetesClient client, DetectorConfig config) {
        return new LogFetcher(client, config.logTailLines(), config.logMaxBytes());
    }

    @Produces
    @Singleton
    RecentEvents recentEvents(KubernetesClient client, DetectorConfig config) {
        return new RecentEvents(client, config.recentEvents());
    }

    /** What this service published to medic.signals over {@code incident-lookback}, read back at start. */
    @Produces
    @Singleton
    IncidentHistory incidentHistory(DetectorConfig config, ServiceIdentity service, Clock clock,
                                    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new IncidentHistory(bootstrapServers, service.source(), config.incidentLookback(), clock);
    }
}
