package io.medic.events;

import java.time.Instant;

/**
 * {@code medic.execution.v1} on {@code medic.executions}, keyed by plan id: progress of one plan's
 * execution, one record per step transition and a final record ({@link ExecutionStatus#FINISHED})
 * carrying the {@link Outcome}. {@code stepIndex} is -1 on the final record.
 */
public record Execution(String planId, int stepIndex, String stepType, ExecutionStatus status, Outcome outcome,
                        String detail, Instant at) {
    public Execution {
        Require.text(planId, "planId");
        Require.present(status, "status");
        Require.present(at, "at");
        if (status == ExecutionStatus.FINISHED && outcome == null) {
            throw new IllegalArgumentException("missing required field 'outcome' on a FINISHED execution");
        }
        detail = detail == null ? "" : detail;
    }

    public String key() {
        return planId;
    }
}
