package io.medic.executor.domain;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plan's execution as the ledger tells it, computed in one place (like Flyway's MigrationInfo): whether
 * it finished and how, whether it started and in which mode, where the rehearsal stands, and one
 * {@link StepState} per live step. The latest record of a step wins: a resumed executor adds to the story,
 * it never rewrites it.
 */
public final class PlanProgress {

    private final Outcome outcome;
    private final boolean started;
    private final boolean dryRun;
    private final RehearsalState rehearsal;
    private final Map<Integer, StepState> steps;
    private final Map<Integer, Instant> stepStartedAt;
    private final Instant startedAt;

    private PlanProgress(Outcome outcome, boolean started, boolean dryRun, RehearsalState rehearsal,
                         Map<Integer, StepState> steps, Map<Integer, Instant> stepStartedAt, Instant startedAt) {
        this.outcome = outcome;
        this.started = started;
        this.dryRun = dryRun;
        this.rehearsal = rehearsal;
        this.steps = steps;
        this.stepStartedAt = stepStartedAt;
        this.startedAt = startedAt;
    }

    static PlanProgress of(List<LedgerEntry> entries) {
        Outcome outcome = null;
        boolean started = false;
        boolean dryRun = false;
        Instant startedAt = null;
        RehearsalState rehearsal = RehearsalState.NOT_STARTED;
        Map<Integer, StepState> steps = new HashMap<>();
        Map<Integer, Instant> stepStartedAt = new HashMap<>();
        for (LedgerEntry e : entries) {
            if (e.status() == ExecutionStatus.FINISHED) {
                outcome = e.outcome();
            } else if (e.wholePlan() && Execution.REHEARSE.equals(e.stepType())) {
                rehearsal = switch (e.status()) {
                    case STARTED -> RehearsalState.IN_PROGRESS;
                    case SUCCEEDED -> RehearsalState.SUCCEEDED;
                    case SKIPPED -> RehearsalState.SKIPPED;
                    case FAILED -> RehearsalState.FAILED;
                    case FINISHED -> throw new IllegalStateException("unreachable");
                };
            } else if (e.wholePlan() && e.status() == ExecutionStatus.STARTED && e.phase() == ExecutionPhase.LIVE) {
                started = true;
                dryRun = Execution.DRY_RUN.equals(e.stepType());
                startedAt = startedAt == null ? e.startedAt() : startedAt;
            } else if (!e.wholePlan() && e.phase() == ExecutionPhase.LIVE) {
                started = true;
                StepState state = switch (e.status()) {
                    case STARTED -> StepState.IN_DOUBT;
                    case SUCCEEDED -> StepState.SUCCEEDED;
                    case SKIPPED -> StepState.SKIPPED;
                    case FAILED -> StepState.FAILED;
                    case FINISHED -> throw new IllegalStateException("unreachable");
                };
                steps.put(e.stepIndex(), state);
                if (e.status() == ExecutionStatus.STARTED) {
                    stepStartedAt.put(e.stepIndex(), e.startedAt());
                }
            }
        }
        return new PlanProgress(outcome, started || rehearsal != RehearsalState.NOT_STARTED, dryRun, rehearsal, steps,
                stepStartedAt, startedAt);
    }

    /** How the execution ended, when it did: a finished plan is never taken up again. */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    public boolean finished() {
        return outcome != null;
    }

    /** True once anything was recorded about running it (not for a plan refused outright). */
    public boolean started() {
        return started;
    }

    /** True when the execution was started as a dry run: it is resumed as one. */
    public boolean dryRun() {
        return dryRun;
    }

    public RehearsalState rehearsal() {
        return rehearsal;
    }

    public StepState step(int index) {
        return steps.getOrDefault(index, StepState.NOT_STARTED);
    }

    /** When the step's (latest) attempt started, as recorded: the value its effect is stamped with. */
    public Optional<Instant> stepStartedAt(int index) {
        return Optional.ofNullable(stepStartedAt.get(index));
    }

    /** When the execution started, as recorded. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }
}
