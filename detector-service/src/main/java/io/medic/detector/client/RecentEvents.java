package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.medic.signatures.LogNormalizer;
import io.medic.signatures.Redactor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The latest Kubernetes events about a pod (and its Job), as short redacted lines: {@code Warning BackOff: ...}. */
public final class RecentEvents {

    private static final Logger LOG = Logger.getLogger(RecentEvents.class);
    private static final int MAX_CHARS = 300;

    private final KubernetesClient client;
    private final int max;

    public RecentEvents(KubernetesClient client, int max) {
        this.client = client;
        this.max = max;
    }

    public List<String> about(String namespace, List<String> objectNames) {
        if (max <= 0) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        try {
            for (String name : objectNames.stream().filter(Objects::nonNull).distinct().toList()) {
                Transport.retryOnce(() -> client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list())
                        .getItems().stream()
                        .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
                        .forEach(events::add);
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot list events in %s: %s", namespace, e.getMessage());
            return List.of();
        }
        return events.stream()
                .sorted(Comparator.comparing(RecentEvents::when, Comparator.nullsFirst(Comparator.naturalOrder())))
                .skip(Math.max(0, events.size() - max))
                .map(RecentEvents::line)
                .toList();
    }

    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
    }

    private static String line(Event e) {
        String text = (e.getType() == null ? "Normal" : e.getType()) + " " + e.getReason() + ": "
                + (e.getMessage() == null ? "" : e.getMessage().strip());
        String clean = Redactor.redact(LogNormalizer.stripEscapes(text.replace('\n', ' ')));
        return clean.length() > MAX_CHARS ? clean.substring(0, MAX_CHARS) + "…" : clean;
    }
}
