package io.medic.detector.health;

import io.medic.detector.service.DetectorLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the open incidents are rebuilt from Kafka and the informers have synced; DOWN again when an
 * informer stops, with the informer named and why.
 */
@Readiness
@ApplicationScoped
public class DetectorReadiness implements HealthCheck {

    private final DetectorLifecycle lifecycle;

    public DetectorReadiness(DetectorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return StoppedInformers.response(lifecycle.ready(), lifecycle.stoppedInformers());
    }
}
