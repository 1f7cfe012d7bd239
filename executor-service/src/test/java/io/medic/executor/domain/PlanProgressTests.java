package io.medic.executor.domain;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PlanProgressTests {

    private static final Instant T0 = Instant.parse("2026-03-27T05:42:17Z");
    private final Ledger ledger = new Ledger();

    private void record(ExecutionPhase phase, int index, String type, ExecutionStatus status, Outcome outcome, int second) {
        Instant at = T0.plusSeconds(second);
        ledger.record(new Execution("p", phase, index, type, status, outcome, "", "", at, at));
    }

    @Test
    void aPlanWithNoRecordHasNotStarted() {
        PlanProgress progress = ledger.progress("p");
        assertThat(progress.started()).isFalse();
        assertThat(progress.finished()).isFalse();
        assertThat(progress.step(0)).isEqualTo(StepState.NOT_STARTED);
        assertThat(progress.rehearsal()).isEqualTo(RehearsalState.NOT_STARTED);
    }

    @Test
    void aStepStartedAndNeverEndedIsInDoubtAndKeepsItsStartTime() {
        record(ExecutionPhase.LIVE, Execution.WHOLE_PLAN, Execution.EXECUTE, ExecutionStatus.STARTED, null, 0);
        record(ExecutionPhase.LIVE, 0, "verify-precondition", ExecutionStatus.STARTED, null, 1);
        record(ExecutionPhase.LIVE, 0, "verify-precondition", ExecutionStatus.SUCCEEDED, null, 2);
        record(ExecutionPhase.LIVE, 1, "alembic-upgrade", ExecutionStatus.STARTED, null, 3);

        PlanProgress progress = ledger.progress("p");
        assertThat(progress.started()).isTrue();
        assertThat(progress.dryRun()).isFalse();
        assertThat(progress.step(0)).isEqualTo(StepState.SUCCEEDED);
        assertThat(progress.step(0).done()).isTrue();
        assertThat(progress.step(1)).isEqualTo(StepState.IN_DOUBT);
        assertThat(progress.stepStartedAt(1)).contains(T0.plusSeconds(3));
        assertThat(progress.startedAt()).contains(T0);
    }

    @Test
    void theLatestRecordOfAStepWinsAndASkipCountsAsDone() {
        record(ExecutionPhase.LIVE, 2, "alembic-stamp", ExecutionStatus.STARTED, null, 1);
        record(ExecutionPhase.LIVE, 2, "alembic-stamp", ExecutionStatus.SKIPPED, null, 2);
        assertThat(ledger.progress("p").step(2)).isEqualTo(StepState.SKIPPED);
        assertThat(ledger.progress("p").step(2).done()).isTrue();
    }

    @Test
    void rehearsalRecordsAreNotLiveSteps() {
        record(ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE, ExecutionStatus.STARTED, null, 1);
        record(ExecutionPhase.REHEARSAL, 1, "alembic-upgrade", ExecutionStatus.SUCCEEDED, null, 2);

        PlanProgress progress = ledger.progress("p");
        assertThat(progress.rehearsal()).isEqualTo(RehearsalState.IN_PROGRESS);
        assertThat(progress.rehearsal().settled()).isFalse();
        assertThat(progress.step(1)).as("a step rehearsed is not a step run").isEqualTo(StepState.NOT_STARTED);

        record(ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE, ExecutionStatus.SKIPPED, null, 3);
        assertThat(ledger.progress("p").rehearsal().settled()).isTrue();
    }

    @Test
    void aDryRunIsResumedAsOne() {
        record(ExecutionPhase.LIVE, Execution.WHOLE_PLAN, Execution.DRY_RUN, ExecutionStatus.STARTED, null, 0);
        assertThat(ledger.progress("p").dryRun()).isTrue();
    }

    @Test
    void aFinalRecordFinishesThePlanAndARecordReadTwiceCountsOnce() {
        Execution end = new Execution("p", ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                Outcome.STALE, "", "", T0, T0);
        ledger.record(end);
        ledger.record(end);
        assertThat(ledger.progress("p").outcome()).contains(Outcome.STALE);
        assertThat(ledger.progress("other").finished()).isFalse();
        assertThat(ledger.plans()).isEqualTo(1);
    }
}
