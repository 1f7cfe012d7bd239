package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One informer per kind, shared by the controllers (each adds its handlers before they start). */
final class Informers implements AutoCloseable {

    final SharedIndexInformer<Pod> pods;
    final SharedIndexInformer<ReplicaSet> replicaSets;
    final SharedIndexInformer<Deployment> deployments;
    final SharedIndexInformer<Job> jobs;

    Informers(KubernetesClient client) {
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        replicaSets = client.apps().replicaSets().inAnyNamespace().runnableInformer(0);
        deployments = client.apps().deployments().inAnyNamespace().runnableInformer(0);
        jobs = client.batch().v1().jobs().inAnyNamespace().runnableInformer(0);
    }

    /** Starts them all and waits until each has listed what exists. */
    void start(Duration timeout) {
        CompletableFuture<?>[] started = List.of(pods, replicaSets, deployments, jobs).stream()
                .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(started).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the controllers' informers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the controllers' informers did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        List.of(pods, replicaSets, deployments, jobs).forEach(SharedIndexInformer::stop);
    }
}
