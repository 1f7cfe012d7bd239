package io.medic.detector.health;

import io.medic.detector.service.DetectorLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when an informer has stopped: a stopped Fabric8 informer is never started again, so the detector
 * would stay blind to those objects; the kubelet's restart rebuilds it from Kafka and the API server. A
 * detector still starting (waiting for Kafka or the API server) is alive: it retries by itself.
 */
@Liveness
@ApplicationScoped
public class DetectorLiveness implements HealthCheck {

    private final DetectorLifecycle lifecycle;

    public DetectorLiveness(DetectorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        var stopped = lifecycle.stoppedInformers();
        return StoppedInformers.response(stopped.isEmpty(), stopped);
    }
}
