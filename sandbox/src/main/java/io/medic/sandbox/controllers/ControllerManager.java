package io.medic.sandbox.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.apiserver.DeletionLog;

import java.time.Duration;
import java.util.List;

/** The sandbox's kube-controller-manager: the Deployment, ReplicaSet and Job controllers and the garbage collector. */
public final class ControllerManager implements AutoCloseable {

    private final Informers informers;
    private final List<Controller> controllers;
    private final GarbageCollector garbageCollector;

    private ControllerManager(Informers informers, List<Controller> controllers, GarbageCollector garbageCollector) {
        this.informers = informers;
        this.controllers = controllers;
        this.garbageCollector = garbageCollector;
    }

    /** {@code backOffFactor} scales the Job controller's pod-failure back-off (10 s doubling to 6 min). */
    public static ControllerManager start(KubernetesClient client, DeletionLog deletions, double backOffFactor) {
        List<Controller> controllers = List.of(new DeploymentController(client), new ReplicaSetController(client),
                new JobController(client, backOffFactor));
        GarbageCollector gc = new GarbageCollector(client, deletions);
        Informers informers = new Informers(client);
        controllers.forEach(c -> c.register(informers));
        gc.register(informers);
        controllers.forEach(Controller::start);
        informers.start(Duration.ofSeconds(60));
        return new ControllerManager(informers, controllers, gc);
    }

    @Override
    public void close() {
        informers.close();
        controllers.forEach(Controller::close);
        garbageCollector.close();
    }
}
