package io.medic.planner.health;

import io.medic.planner.listener.TopicView;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the plan view has read the topics to where they ended at start. */
@Readiness
@ApplicationScoped
public class PlanViewReadiness implements HealthCheck {

    private final TopicView view;

    public PlanViewReadiness(TopicView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        return view.caughtUp()
                ? HealthCheckResponse.up("plan view")
                : HealthCheckResponse.named("plan view").down().withData("problem", String.valueOf(view.problem())).build();
    }
}
