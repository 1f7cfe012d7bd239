package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One kind of object watched by shared informers: one informer for all namespaces, or one per configured
 * namespace. Lookups read the informers' caches; a miss (the informer has not seen the object yet) asks
 * the API server once.
 */
final class Watched<T extends HasMetadata> implements AutoCloseable {

    private static final String ALL = "";

    private final MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation;
    private final Map<String, SharedIndexInformer<T>> informers = new LinkedHashMap<>();

    Watched(MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation, List<String> namespaces,
            String labelSelector, Map<String, Function<T, List<String>>> indexers) {
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
    }

    Watched<T> handledBy(ResourceEventHandler<T> handler) {
        informers.values().forEach(i -> i.addEventHandler(handler));
        return this;
    }

    CompletableFuture<Void> start() {
        return CompletableFuture.allOf(informers.values().stream()
                .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
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

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
