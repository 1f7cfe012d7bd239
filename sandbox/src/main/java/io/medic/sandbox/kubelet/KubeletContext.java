package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.cluster.EventRecorder;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/** What a pod worker uses of its kubelet. */
interface KubeletContext {

    KubernetesClient client();

    ImageRegistry images();

    EventRecorder events();

    BackOff backOff();

    /** Timers (back-offs, retries): short tasks only. */
    ScheduledExecutorService scheduler();

    /** Probes: blocking HTTP and TCP checks. */
    ScheduledExecutorService probers();

    Path shim();

    /** Every container process this kubelet has started and that has not exited yet. */
    java.util.Set<ContainerProcess> processes();

    Path logsRoot();

    String nodeName();

    String hostIp();

    /** Lets the API server remove a pod whose containers have stopped. */
    void finalizeDeletion(String namespace, String name);
}
