package io.medic.planner.config;

import io.medic.planner.domain.IncidentSignals;
import io.medic.planner.domain.LoopGuard;
import io.medic.planner.domain.PlanBook;
import io.medic.planner.domain.RolloutChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The producers of the planner's small collaborators, from its configuration. */
@ApplicationScoped
public class PlannerBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    LoopGuard loopGuard(PlannerConfig config) {
        PlannerConfig.AutoApprove auto = config.autoApprove();
        return new LoopGuard(auto.maxPerHour(), auto.failureLimit(), auto.blockFor());
    }

    /** The view of every plan, rebuilt from the topics ({@code TopicView}) and read by the API and the planner. */
    @Produces
    @Singleton
    PlanBook planBook() {
        return new PlanBook();
    }

    @Produces
    @Singleton
    IncidentSignals incidentSignals() {
        return new IncidentSignals(20_000);
    }

    @Produces
    @Singleton
    RolloutChecks rolloutChecks(PlannerConfig config) {
        PlannerConfig.Rollout r = config.rollout();
        return new RolloutChecks(r.timeout(), r.settle(), r.httpTimeout(), r.expectedStatus());
    }
}
