package io.medic.planner.domain;

import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Places the engine's proven database steps in a plan around the cluster's own: the engine's precondition,
 * stamps and upgrades, then restart the workload, await its rollout, check its health path over HTTP (only
 * when {@code medic.io/health-path} asks for it), and last the engine's post-condition (the schema at head,
 * checked once the new pods have run). Warnings say what was left out and why.
 */
public final class RecoverySteps {

    public record Result(List<Step> steps, List<String> warnings) {
    }

    private RecoverySteps() {
    }

    public static Result around(List<Step> engineSteps, WorkloadRef workload, ContainerRef crashed, WorkloadFacts facts,
                                RolloutChecks checks) {
        List<Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Step postcondition = null;
        for (Step step : engineSteps) {
            if (step instanceof Step.VerifyPostcondition) {
                postcondition = step;
            } else {
                steps.add(step);
            }
        }
        steps.add(new Step.RestartWorkload(workload));
        steps.add(new Step.AwaitRollout(workload, checks.rolloutTimeout(), checks.settle()));
        Optional<String> path = facts.annotation(PlannerAnnotations.HEALTH_PATH);
        if (path.isPresent()) {
            String preferred = crashed.kind() == ContainerKind.APP ? crashed.name() : null;
            Optional<Integer> port = facts.healthPort(preferred);
            if (!path.get().startsWith("/")) {
                warnings.add(PlannerAnnotations.HEALTH_PATH + " '" + path.get() + "' does not start with '/':"
                        + " no HTTP check in the plan");
            } else if (port.isEmpty()) {
                warnings.add(PlannerAnnotations.HEALTH_PATH + " is set but no port is known (no containerPort,"
                        + " no valid " + PlannerAnnotations.HEALTH_PORT + "): no HTTP check in the plan");
            } else {
                steps.add(new Step.VerifyHttp(workload, port.get(), path.get(), checks.expectedStatus(),
                        checks.httpTimeout()));
            }
        }
        if (postcondition != null) {
            steps.add(postcondition);
        }
        return new Result(steps, warnings);
    }
}
