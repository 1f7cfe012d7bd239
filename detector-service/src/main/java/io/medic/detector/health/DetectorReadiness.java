package io.medic.detector.health;

import io.medic.detector.service.DetectorLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the open incidents are rebuilt from Kafka and the informers have synced. */
@Readiness
@ApplicationScoped
public class DetectorReadiness implements HealthCheck {

    private final DetectorLifecycle lifecycle;

    public DetectorReadiness(DetectorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("detector").status(lifecycle.ready()).build();
    }
}
