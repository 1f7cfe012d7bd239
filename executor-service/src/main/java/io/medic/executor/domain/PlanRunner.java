package io.medic.executor.domain;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs an approved plan's steps in order and reports each transition. This version carries no step
 * runners yet: an advice-only plan completes at once, and a plan with steps is refused before
 * anything is written, saying which step type has no runner.
 */
public final class PlanRunner {

    private final Clock clock;
    private final Consumer<Execution> report;

    public PlanRunner(Clock clock, Consumer<Execution> report) {
        this.clock = clock;
        this.report = report;
    }

    public void run(Plan plan) {
        List<Step> steps = plan.steps();
        if (steps.isEmpty()) {
            finish(plan, Outcome.SUCCEEDED, "advice only: nothing to execute");
            return;
        }
        String type = steps.get(0).type().wireName();
        finish(plan, Outcome.ABORTED, "this executor has no runner for step type '" + type
                + "'; nothing was written");
    }

    public void refuse(Plan plan, String reason) {
        finish(plan, Outcome.ABORTED, reason);
    }

    private void finish(Plan plan, Outcome outcome, String detail) {
        Instant now = clock.instant();
        report.accept(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null,
                ExecutionStatus.FINISHED, outcome, detail, "", now, now));
    }
}
