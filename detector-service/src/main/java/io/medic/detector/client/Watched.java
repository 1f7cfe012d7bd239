package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.medic.signatures.Redactor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One kind of object watched by shared informers: one informer for all namespaces, or one per configured
 * namespace. Lookups read the informers' caches; a miss (the informer has not seen the object yet) asks
 * the API server once.
 * <p>
 * Failures are Fabric8's to retry, by its own rule (once an informer has started, a failed list or watch
 * is retried with back-off; a watch that closes with an error, or a failure before the first sync, stops
 * it), and ours to report: every failure is logged with the informer's name, and an informer that stops
 * after it had synced is logged as an error and listed by {@link #stopped()} (readiness and liveness turn
 * DOWN on it). A stopped Fabric8 informer cannot be started again: the detector must be restarted.
 */
final class Watched<T extends HasMetadata> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Watched.class);
    private static final String ALL = "";
    private static final int MAX_REASON_CHARS = 400;

    private final String resource;
    private final MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation;
    private final Map<String, SharedIndexInformer<T>> informers = new LinkedHashMap<>();
    /** informer name -> why it stopped */
    private final Map<String, String> stoppedBy = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    /** {@code resource} is the plural the API server knows them by ({@code pods}): it names the informers in logs and health. */
    Watched(String resource, MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation,
            List<String> namespaces, String labelSelector, Map<String, Function<T, List<String>>> indexers) {
        this.resource = resource;
        this.operation = operation;
        if (namespaces.isEmpty()) {
            Informable<T> any = labelSelector == null ? operation.inAnyNamespace()
                    : operation.inAnyNamespace().withLabelSelector(labelSelector);
            informers.put(ALL, any.runnableInformer(0));
        } else {
            for (String ns : namespaces) {
                Informable<T> one = labelSelector == null ? operation.inNamespace(ns)
                        : operation.inNamespace(ns).withLabelSelector(labelSelector);
                informers.put(ns, one.runnableInformer(0));
            }
        }
        informers.values().forEach(i -> i.itemStore(new LeanItemStore<>()));
        if (!indexers.isEmpty()) {
            informers.values().forEach(i -> i.addIndexers(indexers));
        }
        informers.forEach((namespace, informer) -> {
            String name = name(namespace);
            informer.exceptionHandler((startedBefore, failure) -> retry(name, startedBefore, failure));
            informer.stopped().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    stopped(name, informer, failure);
                }
            });
        });
    }

    Watched<T> handledBy(ResourceEventHandler<T> handler) {
        informers.values().forEach(i -> i.addEventHandler(handler));
        return this;
    }

    /** Completes when every informer has synced; fails, naming the informer, when one cannot list or watch. */
    CompletableFuture<Void> start() {
        started = true;
        return CompletableFuture.allOf(informers.entrySet().stream()
                .map(e -> e.getValue().start().toCompletableFuture().handle((ok, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new IllegalStateException(
                                "the " + name(e.getKey()) + " informer could not start: " + describe(failure)));
                    }
                    return ok;
                }))
                .toArray(CompletableFuture[]::new));
    }

    boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The informers that have stopped since they started, though nobody closed them: their names, and why. */
    Map<String, String> stopped() {
        Map<String, String> stopped = new LinkedHashMap<>();
        if (started && !closed) {
            informers.forEach((namespace, informer) -> {
                if (!informer.isRunning()) {
                    String name = name(namespace);
                    stopped.put(name, stoppedBy.getOrDefault(name, "stopped"));
                }
            });
        }
        return stopped;
    }

    boolean watches(String namespace) {
        return informers.containsKey(ALL) || informers.containsKey(namespace);
    }

    /** From the cache; if absent there, from the API server. */
    Optional<T> get(String namespace, String name) {
        SharedIndexInformer<T> informer = informerFor(namespace);
        if (informer != null) {
            T cached = informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name));
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        return Optional.ofNullable(Transport.retryOnce(() -> operation.inNamespace(namespace).withName(name).get()));
    }

    /** From the cache only. */
    Optional<T> cached(String namespace, String name) {
        SharedIndexInformer<T> informer = informerFor(namespace);
        return informer == null ? Optional.empty()
                : Optional.ofNullable(informer.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    List<T> inNamespace(String namespace) {
        SharedIndexInformer<T> informer = informerFor(namespace);
        return informer == null ? List.of() : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    List<T> byIndex(String namespace, String index, String key) {
        SharedIndexInformer<T> informer = informerFor(namespace);
        return informer == null ? List.of() : new ArrayList<>(informer.getIndexer().byIndex(index, key));
    }

    List<T> all() {
        List<T> items = new ArrayList<>();
        informers.values().forEach(i -> items.addAll(i.getStore().list()));
        return items;
    }

    private SharedIndexInformer<T> informerFor(String namespace) {
        SharedIndexInformer<T> informer = informers.get(ALL);
        return informer != null ? informer : informers.get(namespace);
    }

    /** {@code pods (all namespaces)}, {@code pods in team-a}. */
    private String name(String namespace) {
        return ALL.equals(namespace) ? resource + " (all namespaces)" : resource + " in " + namespace;
    }

    /** Fabric8's own default decision, with the informer named in the log. */
    private static boolean retry(String name, boolean startedBefore, Throwable failure) {
        boolean retry = startedBefore && !(failure instanceof WatcherException);
        if (retry) {
            LOG.warnf("the %s informer failed, Fabric8 retries it with back-off: %s", name, describe(failure));
        }
        return retry;
    }

    private void stopped(String name, SharedIndexInformer<T> informer, Throwable failure) {
        String reason = describe(failure);
        stoppedBy.put(name, reason);
        if (informer.hasSynced()) {
            LOG.errorf("the %s informer stopped: %s. The detector no longer sees these objects change; readiness and"
                    + " liveness are DOWN until it is restarted", name, reason);
        }
        // before its first sync, start() fails with the reason and the detector's start is retried
    }

    /**
     * What failed, in one line, redacted: the exception and its cause, first lines only. A watch event that
     * could not be read is not repeated (it is the whole object, environment variables included).
     */
    static String describe(Throwable failure) {
        Throwable top = failure;
        while ((top instanceof CompletionException || top instanceof ExecutionException) && top.getCause() != null) {
            top = top.getCause();
        }
        String text = summary(top);
        Throwable cause = top.getCause();
        if (cause != null && cause != top) {
            text += " (" + summary(cause) + ")";
        }
        text = Redactor.redact(text);
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) + "…" : text;
    }

    private static String summary(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof WatcherException w && w.getRawWatchMessage().isPresent()) {
            message = message.replace(w.getRawWatchMessage().get(), "(the event is not shown)");
        }
        String firstLine = message.lines().findFirst().orElse("").strip();
        return t.getClass().getSimpleName() + (firstLine.isEmpty() ? "" : ": " + firstLine);
    }

    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::close);
    }
}
