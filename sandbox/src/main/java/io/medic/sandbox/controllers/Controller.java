package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.medic.sandbox.cluster.EventRecorder;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A controller in the Kubernetes style: informers only enqueue keys ({@code namespace/name}); one worker
 * takes a key, re-reads the latest state from the API server and reconciles it. A key is queued at most
 * once; a key that changes while it is reconciled is queued again; a failed reconcile is retried after a
 * second. One worker per controller, so reconciles of one controller never overlap.
 */
abstract class Controller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Controller.class.getName());

    protected final KubernetesClient client;
    protected final EventRecorder events;
    private final String name;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService delays;
    private final Thread worker;
    private volatile boolean stopped;

    Controller(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
        this.events = new EventRecorder(client, name, "sandbox");
        this.delays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-delays");
            t.setDaemon(true);
            return t;
        });
        this.worker = new Thread(this::work, name);
        this.worker.setDaemon(true);
    }

    /** Adds this controller's handlers to the shared informers (before they start). */
    protected abstract void register(Informers informers);

    final void start() {
        worker.start();
    }

    protected abstract void reconcile(String namespace, String name);

    protected final void enqueue(String namespace, String name) {
        if (stopped || name == null) {
            return;
        }
        String key = namespace + "/" + name;
        if (queued.add(key)) {
            queue.add(key);
        }
    }

    protected final void enqueueAfter(String namespace, String name, Duration delay) {
        if (!stopped) {
            delays.schedule(() -> enqueue(namespace, name), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void work() {
        while (!stopped) {
            String key;
            try {
                key = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                continue;
            }
            queued.remove(key);
            int slash = key.indexOf('/');
            String namespace = key.substring(0, slash);
            String objectName = key.substring(slash + 1);
            try {
                reconcile(namespace, objectName);
            } catch (KubernetesClientException e) {
                if (!stopped) {
                    LOG.log(Level.FINE, name + ": reconcile of " + key + " failed, retrying: " + e.getMessage(), e);
                    enqueueAfter(namespace, objectName, Duration.ofSeconds(1));
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, name + ": reconcile of " + key + " failed, retrying", e);
                    enqueueAfter(namespace, objectName, Duration.ofSeconds(1));
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        delays.shutdownNow();
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
