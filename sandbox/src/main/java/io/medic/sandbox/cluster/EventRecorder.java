package io.medic.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * core/v1 Events, as the kubelet and the controllers record them ({@code kubectl describe} and the
 * detector's "recent events" read them): one Event per object, reason and message, its {@code count}
 * and {@code lastTimestamp} updated when it happens again. Written asynchronously, in order; a failed
 * write is logged, never thrown at the caller.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final ExecutorService writer;
    private final Map<String, Event> recorded = new ConcurrentHashMap<>();

    public EventRecorder(KubernetesClient client, String component, String host) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sandbox-events-" + component);
            t.setDaemon(true);
            return t;
        });
    }

    public void normal(HasMetadata object, String fieldPath, String reason, String message) {
        record(object, fieldPath, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String fieldPath, String reason, String message) {
        record(object, fieldPath, "Warning", reason, message);
    }

    private void record(HasMetadata object, String fieldPath, String type, String reason, String message) {
        String now = Timestamps.now();
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        String key = object.getMetadata().getUid() + "|" + fieldPath + "|" + type + "|" + reason + "|" + message;
        writer.execute(() -> {
            try {
                Event previous = recorded.get(key);
                Event event;
                if (previous == null) {
                    event = new EventBuilder()
                            .withNewMetadata().withNamespace(namespace)
                            .withName(object.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                            .endMetadata()
                            .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                                    .withNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                                    .withUid(object.getMetadata().getUid()).withFieldPath(fieldPath).build())
                            .withType(type).withReason(reason).withMessage(message)
                            .withNewSource().withComponent(component).withHost(host).endSource()
                            .withReportingComponent(component).withReportingInstance(host)
                            .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                            .build();
                    event = client.v1().events().inNamespace(namespace).resource(event).create();
                } else {
                    Event again = new EventBuilder(previous).withCount(previous.getCount() + 1).withLastTimestamp(now).build();
                    again.getMetadata().setResourceVersion(null);
                    event = client.v1().events().inNamespace(namespace).resource(again).update();
                }
                recorded.put(key, event);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cannot record event " + reason + " for " + object.getMetadata().getName(), e);
            }
        });
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
