package io.medic.executor.service;

import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.executor.client.PgSession;
import io.medic.executor.domain.PlanProgress;
import io.medic.executor.domain.RehearsalState;
import io.medic.executor.domain.StepState;
import io.medic.executor.service.step.Migrations;
import io.medic.executor.service.step.StepContext;
import io.medic.executor.service.step.StepExecutor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pass over a plan's steps, from where the ledger says it stands: steps done are passed over, a step
 * left in doubt is judged by the live state (never re-run blindly), the rest run in order. The rehearsal
 * comes right before the first step that writes. A dry run checks what it can (the leading read-only steps,
 * the rehearsal) and records the rest as what it would do. The first step that fails or finds the state
 * changed ends the plan, and later steps never run.
 */
final class PlanRun {

    private final Plan plan;
    private final PlanProgress progress;
    private final boolean dryRun;
    private final PgSession session;
    private final Optional<Migrations> migrations;
    private final StepExecutor steps;
    private final Rehearsal rehearsal;
    private final ExecutionReporter reporter;
    private final ExecutorMetrics metrics;
    private final Clock clock;
    private final List<String> secrets;

    PlanRun(Plan plan, PlanProgress progress, boolean dryRun, PgSession session, Optional<Migrations> migrations,
            StepExecutor steps, Rehearsal rehearsal, ExecutionReporter reporter, ExecutorMetrics metrics, Clock clock) {
        this.plan = plan;
        this.progress = progress;
        this.dryRun = dryRun;
        this.session = session;
        this.migrations = migrations;
        this.steps = steps;
        this.rehearsal = rehearsal;
        this.reporter = reporter;
        this.metrics = metrics;
        this.clock = clock;
        this.secrets = session == null ? List.of() : session.url().secrets();
    }

    void run() {
        Instant startedAt = progress.startedAt().orElse(clock.instant());
        List<Step> all = plan.steps();
        int firstWrite = firstWrite(all);
        boolean alembic = all.stream().anyMatch(s -> s instanceof Step.AlembicStamp || s instanceof Step.AlembicUpgrade);
        String rehearsalNote = switch (progress.rehearsal()) {
            case SUCCEEDED -> "rehearsed on a scratch copy";
            case SKIPPED -> "not rehearsed";
            default -> "";
        };
        // counted over the whole execution, also the steps an earlier (crashed) executor completed
        int ran = (int) java.util.stream.IntStream.range(0, all.size()).filter(i -> progress.step(i) == StepState.SUCCEEDED).count();
        int skipped = (int) java.util.stream.IntStream.range(0, all.size()).filter(i -> progress.step(i) == StepState.SKIPPED).count();
        boolean resumed = progress.started() && (ran + skipped > 0 || progress.rehearsal() != RehearsalState.NOT_STARTED);
        for (int i = 0; i < all.size(); i++) {
            Step step = all.get(i);
            if (i == firstWrite && alembic && !progress.rehearsal().settled()) {
                if (progress.rehearsal() == RehearsalState.FAILED) {
                    finish(Outcome.FAILED, "the rehearsal failed; the real database was not touched", startedAt);
                    return;
                }
                Rehearsal.Result result = rehearsal.run(plan, session, migrations);
                switch (result) {
                    case Rehearsal.Result.Failed f -> {
                        finish(Outcome.FAILED, "rehearsal failed, the real database was not touched: " + f.detail(), startedAt);
                        return;
                    }
                    case Rehearsal.Result.Stale s -> {
                        finish(Outcome.STALE, s.detail() + "; nothing was written", startedAt);
                        return;
                    }
                    case Rehearsal.Result.NotRehearsed n -> rehearsalNote = "not rehearsed: " + n.reason();
                    case Rehearsal.Result.Rehearsed r -> rehearsalNote = "rehearsed on a scratch copy";
                }
            }
            StepState state = progress.step(i);
            if (state.done()) {
                continue;
            }
            if (state == StepState.FAILED) {
                finish(Outcome.FAILED, "step " + i + " (" + step.type().wireName() + ") failed", startedAt);
                return;
            }
            if (dryRun && firstWrite >= 0 && i >= firstWrite) {
                Instant at = reporter.started(plan, ExecutionPhase.LIVE, i, step.type().wireName(), step.describe(), secrets);
                reporter.ended(plan, ExecutionPhase.LIVE, i, step.type().wireName(), ExecutionStatus.SKIPPED, "skipped",
                        "dry run: would " + step.describe(), "", at, secrets);
                skipped++;
                continue;
            }
            boolean inDoubt = state == StepState.IN_DOUBT;
            StepContext context = new StepContext(plan, ExecutionPhase.LIVE, i, session, inDoubt, null, migrations);
            StepExecutor.Ended ended = steps.run(step, context, inDoubt ? progress.stepStartedAt(i) : Optional.empty());
            switch (ended.end()) {
                case DONE -> {
                    ran++;
                    if (step instanceof Step.VerifyPostcondition && plan.firstSeenAt() != null) {
                        metrics.recovered(Duration.between(plan.firstSeenAt(), clock.instant()));
                    }
                }
                case SKIPPED -> skipped++;
                case STALE -> {
                    finish(Outcome.STALE, "stale at step " + i + " (" + step.type().wireName() + "): " + ended.detail()
                            + (i < firstWrite || firstWrite < 0 ? "; nothing was written" : ""), startedAt);
                    return;
                }
                case FAILED -> {
                    finish(Outcome.FAILED, "step " + i + " (" + step.type().wireName() + ") failed: " + ended.detail()
                            + "; later steps did not run", startedAt);
                    return;
                }
            }
        }
        String summary = all.size() + " steps: " + ran + " ran, " + skipped + (dryRun ? " would run (dry run)"
                : " already in effect") + (rehearsalNote.isEmpty() ? "" : "; " + rehearsalNote)
                + (resumed ? "; resumed after a restart" : "");
        finish(dryRun ? Outcome.REHEARSED : Outcome.SUCCEEDED, summary, startedAt);
    }

    private static int firstWrite(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).type().writes()) {
                return i;
            }
        }
        return -1;
    }

    private void finish(Outcome outcome, String detail, Instant startedAt) {
        reporter.finished(plan, outcome, detail, startedAt, secrets);
    }
}
