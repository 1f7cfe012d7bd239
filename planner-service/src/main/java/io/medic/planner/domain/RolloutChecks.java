package io.medic.planner.domain;

import java.time.Duration;

/**
 * How the cluster half of a plan checks the recovery: how long the rollout may take and how long the new pods
 * must stay up ({@code medic.planner.rollout.*}), and the HTTP check's timeout and expected status.
 */
public record RolloutChecks(Duration rolloutTimeout, Duration settle, Duration httpTimeout, int expectedStatus) {
}
