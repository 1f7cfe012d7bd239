package io.medic.events;

import java.time.Instant;

/**
 * {@code medic.execution.v1} on {@code medic.executions}, keyed by plan id: progress of one plan's
 * execution, one record per step transition and a final record ({@link ExecutionStatus#FINISHED})
 * carrying the {@link Outcome}. The topic is the executor's ledger: read back at start, it says which
 * steps started and finished.
 *
 * @param stepIndex index into the plan's steps; {@link #WHOLE_PLAN} on records about the whole plan (the
 *                  start of the execution, the rehearsal as a whole, the final record)
 * @param stepType  the step's wire name ({@link StepType#wireName()}), {@code rehearse} for the rehearsal
 *                  as a whole, {@code execute} or {@code dry-run} on the record that starts the execution (so
 *                  an executor resuming it after a crash continues in the same mode), null on the final record
 * @param detail    one line for people
 * @param output    captured output of the step (Alembic's log, the Job's pod log), redacted and capped
 * @param startedAt when the step (or the plan, on the final record) started
 */
public record Execution(String planId, ExecutionPhase phase, int stepIndex, String stepType, ExecutionStatus status,
                        Outcome outcome, String detail, String output, Instant startedAt, Instant at)
        implements MedicEvent {

    public static final int WHOLE_PLAN = -1;
    public static final String REHEARSE = "rehearse";
    /** The stepType of the record that starts an execution that writes. */
    public static final String EXECUTE = "execute";
    /** The stepType of the record that starts a dry run (preconditions and rehearsal only, nothing written). */
    public static final String DRY_RUN = "dry-run";

    public Execution {
        Require.text(planId, "planId");
        Require.present(phase, "phase");
        Require.present(status, "status");
        Require.present(at, "at");
        if (status == ExecutionStatus.FINISHED && outcome == null) {
            throw new IllegalArgumentException("missing required field 'outcome' on a FINISHED execution");
        }
        detail = detail == null ? "" : detail;
        output = output == null ? "" : output;
    }

    @Override
    public String key() {
        return planId;
    }

    @Override
    public String eventId() {
        return planId + "/" + phase + "/" + stepIndex + "/" + status;
    }

    @Override
    public String subject() {
        return planId;
    }

    @Override
    public Instant eventTime() {
        return at;
    }

    /** True for the final record of an execution. */
    public boolean finished() {
        return status == ExecutionStatus.FINISHED;
    }
}
