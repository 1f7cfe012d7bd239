package io.medic.detector.listener;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.medic.detector.client.ClusterInformers;
import io.medic.detector.service.CrashTriage;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * The informers' event handlers: each add, update or delete of a pod, Job or workload is handed, on the
 * informer thread, to {@link CrashTriage}. One object the detector cannot handle is logged and skipped; it
 * must not stop the informer's event delivery.
 */
@ApplicationScoped
public class CrashLoopWatcher {

    private static final Logger LOG = Logger.getLogger(CrashLoopWatcher.class);

    private final CrashTriage triage;

    public CrashLoopWatcher(CrashTriage triage) {
        this.triage = triage;
    }

    /** Registers the handlers on {@code informers} (before they start); events flow from then on. */
    public ClusterInformers attachTo(ClusterInformers informers) {
        return informers.onPods(handler(triage::podChanged, triage::deleted))
                .onJobs(handler(triage::jobChanged, triage::deleted))
                .onWorkloads(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(HasMetadata workload) {
                    }

                    @Override
                    public void onUpdate(HasMetadata before, HasMetadata after) {
                        guarded(after, () -> triage.workloadChanged(before, after));
                    }

                    @Override
                    public void onDelete(HasMetadata workload, boolean finalStateUnknown) {
                        guarded(workload, () -> triage.workloadDeleted(workload));
                    }
                });
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                guarded(object, () -> changed.accept(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                guarded(after, () -> changed.accept(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                guarded(object, () -> deleted.accept(object));
            }
        };
    }

    /** One odd object must not stop the informer's event delivery. */
    private static void guarded(HasMetadata object, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling %s %s/%s failed", object.getKind(), object.getMetadata().getNamespace(),
                    object.getMetadata().getName());
        }
    }
}
