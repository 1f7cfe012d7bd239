package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.medic.sandbox.apiserver.PodLog;
import io.medic.sandbox.apiserver.PodLogSource;
import io.medic.sandbox.cluster.EventRecorder;
import io.medic.sandbox.cluster.Timestamps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kubelet that runs pods as local processes: it watches every pod, binds unscheduled ones to its node,
 * runs each one with a {@link PodWorker}, serves their logs ({@link PodLogSource}), stops their containers
 * when they are deleted and lets the API server remove them afterwards. One node, {@link #nodeName()}.
 */
public final class Kubelet implements PodLogSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Kubelet.class.getName());
    private static final String FINALIZER = "sandbox.medic.io/kubelet";

    private final KubernetesClient client;
    private final Context context;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, PodWorker> byName = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService probers;
    private final EventRecorder events;
    private final java.util.Set<ContainerProcess> processes = ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closing;

    private Kubelet(KubernetesClient client, ImageRegistry images, String nodeName, Path shim, Path logs, double backOffFactor) {
        this.client = client;
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("kubelet-timers"));
        this.probers = Executors.newScheduledThreadPool(2, daemon("kubelet-probes"));
        this.events = new EventRecorder(client, "kubelet", nodeName);
        this.context = new Context(images, BackOff.kubelet(backOffFactor), shim, logs, nodeName);
    }

    /**
     * Starts a kubelet for node {@code nodeName}: registers the Node, writes its container shim and pod log
     * directory under {@code workDir}, and begins watching pods. {@code backOffFactor} scales the kubelet's
     * back-offs (restart: 10 s doubling to 5 min; image pull), 1.0 for the real values.
     */
    public static Kubelet start(KubernetesClient client, ImageRegistry images, String nodeName, Path workDir, double backOffFactor) {
        try {
            Files.createDirectories(workDir);
            Path shim = workDir.resolve("shim.py");
            try (InputStream in = Kubelet.class.getResourceAsStream("shim.py")) {
                if (in == null) {
                    throw new IllegalStateException("shim.py is missing from the sandbox's classpath");
                }
                Files.write(shim, in.readAllBytes());
            }
            Path logs = Files.createDirectories(workDir.resolve("pods"));
            Kubelet kubelet = new Kubelet(client, images, nodeName, shim, logs, backOffFactor);
            kubelet.registerNode();
            kubelet.watch();
            return kubelet;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the kubelet's directory " + workDir, e);
        }
    }

    public String nodeName() {
        return context.nodeName;
    }

    private void registerNode() {
        String now = Timestamps.now();
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(context.nodeName).addToLabels("kubernetes.io/hostname", context.nodeName)
                .addToLabels("kubernetes.io/os", "linux").addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(context.hostIp()).endAddress()
                .addNewAddress().withType("Hostname").withAddress(context.nodeName).endAddress()
                .addToCapacity("cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())))
                .addToCapacity("pods", new Quantity("110"))
                .withNewNodeInfo().withKubeletVersion(io.medic.sandbox.apiserver.ApiServer.KUBERNETES_VERSION)
                .withContainerRuntimeVersion("medic-sandbox://processes").withOperatingSystem("linux").withArchitecture("amd64")
                .endNodeInfo()
                .endStatus().build()).createOr(existing -> existing.update());
    }

    private void watch() {
        informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                changed(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                changed(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                gone(pod);
            }
        }, 0);
    }

    private void changed(Pod pod) {
        if (closing) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty() && !nodeName.equals(context.nodeName)) {
            return;
        }
        PodWorker worker = workers.get(uid);
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        if (worker == null) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (deleting) {
                finalizeDeletion(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                return;
            }
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                return;
            }
            if (nodeName == null || nodeName.isEmpty()) {
                bind(pod);
            }
            worker = new PodWorker(context, pod);
            if (workers.putIfAbsent(uid, worker) == null) {
                byName.put(worker.key(), worker);
                worker.admit();
            }
            return;
        }
        if (deleting) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            worker.delete(grace == null ? 30 : grace);
        }
    }

    private void gone(Pod pod) {
        PodWorker worker = workers.remove(pod.getMetadata().getUid());
        if (worker != null) {
            byName.remove(worker.key(), worker);
            worker.deleted();
        }
    }

    private void bind(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"" + context.nodeName + "\"}}");
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "kubelet: cannot bind " + pod.getMetadata().getName(), e);
        }
    }

    @Override
    public PodLog read(String namespace, String pod, String container, boolean previous) {
        PodWorker worker = byName.get(namespace + "/" + pod);
        if (worker == null) {
            return PodLog.Error.notFound("pods \"" + pod + "\" not found");
        }
        return worker.log(container, previous);
    }

    /** Stops every pod's containers (SIGTERM, then SIGKILL after {@code grace}) and the watch; returns when they are gone. */
    public void stopAll(Duration grace) {
        closing = true;
        if (informer != null) {
            informer.stop();
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (PodWorker worker : workers.values()) {
            stops.add(worker.shutdown(grace));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(grace.toMillis() + 15_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "kubelet: not every pod stopped in time; killing what is left", e);
        }
        // whatever a pod's worker could not stop in time (its thread busy elsewhere) is killed here
        List.copyOf(processes).forEach(ContainerProcess::kill);
        workers.clear();
        byName.clear();
    }

    @Override
    public void close() {
        stopAll(Duration.ofSeconds(5));
        scheduler.shutdownNow();
        probers.shutdownNow();
        events.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void finalizeDeletion(String namespace, String name) {
        try {
            Pod current = client.pods().inNamespace(namespace).withName(name).get();
            if (current == null || current.getMetadata().getFinalizers() == null) {
                return;
            }
            List<String> rest = new ArrayList<>(current.getMetadata().getFinalizers());
            if (!rest.remove(FINALIZER)) {
                return;
            }
            String finalizers = client.getKubernetesSerialization().asJson(rest);
            client.pods().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":" + finalizers + "}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.log(Level.WARNING, "kubelet: cannot finish deleting pod " + namespace + "/" + name, e);
            }
        }
    }

    private final class Context implements KubeletContext {
        private final ImageRegistry images;
        private final BackOff backOff;
        private final Path shim;
        private final Path logs;
        private final String nodeName;

        Context(ImageRegistry images, BackOff backOff, Path shim, Path logs, String nodeName) {
            this.images = images;
            this.backOff = backOff;
            this.shim = shim;
            this.logs = logs;
            this.nodeName = nodeName;
        }

        @Override
        public KubernetesClient client() {
            return client;
        }

        @Override
        public ImageRegistry images() {
            return images;
        }

        @Override
        public EventRecorder events() {
            return events;
        }

        @Override
        public BackOff backOff() {
            return backOff;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public ScheduledExecutorService probers() {
            return probers;
        }

        @Override
        public Path shim() {
            return shim;
        }

        @Override
        public java.util.Set<ContainerProcess> processes() {
            return processes;
        }

        @Override
        public Path logsRoot() {
            return logs;
        }

        @Override
        public String nodeName() {
            return nodeName;
        }

        @Override
        public String hostIp() {
            return "127.0.0.1";
        }

        @Override
        public void finalizeDeletion(String namespace, String name) {
            Kubelet.this.finalizeDeletion(namespace, name);
        }
    }
}
