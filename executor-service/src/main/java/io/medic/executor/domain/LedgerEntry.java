package io.medic.executor.domain;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;

import java.time.Instant;

/** One execution record as the ledger keeps it: everything but its text and output. */
public record LedgerEntry(ExecutionPhase phase, int stepIndex, String stepType, ExecutionStatus status,
                          Outcome outcome, Instant startedAt, Instant at) {

    static LedgerEntry of(Execution e) {
        return new LedgerEntry(e.phase(), e.stepIndex(), e.stepType(), e.status(), e.outcome(), e.startedAt(), e.at());
    }

    boolean wholePlan() {
        return stepIndex == Execution.WHOLE_PLAN;
    }
}
