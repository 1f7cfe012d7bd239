package io.medic.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "medic.planner")
public interface PlannerConfig {

    /** How long a plan may wait for approval before it expires. */
    @WithDefault("PT1H")
    Duration planTtl();
}
