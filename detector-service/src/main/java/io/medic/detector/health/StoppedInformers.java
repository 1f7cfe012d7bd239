package io.medic.detector.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Map;

/** The "detector" check, with each stopped informer as a data entry: {@code "pods (all namespaces)": "stopped: why"}. */
final class StoppedInformers {

    static final String CHECK = "detector";

    private StoppedInformers() {
    }

    static HealthCheckResponse response(boolean up, Map<String, String> stopped) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK).status(up);
        stopped.forEach((informer, why) -> response.withData(informer, "stopped: " + why));
        return response.build();
    }
}
