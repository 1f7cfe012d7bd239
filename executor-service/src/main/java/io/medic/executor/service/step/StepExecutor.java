package io.medic.executor.service.step;

import io.medic.events.ExecutionStatus;
import io.medic.events.Step;
import io.medic.executor.client.LedgerException;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;
import io.medic.executor.service.ExecutionReporter;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Runs one step in one phase and records it: STARTED on the topic before anything is done (unless the
 * step is being resumed: its STARTED record is there already), then the runner's judgement, then at most one
 * action, then exactly one end record. The same for the live database and the rehearsal's copy.
 */
public final class StepExecutor {

    private static final Logger LOG = Logger.getLogger(StepExecutor.class);

    private final StepRunners runners;
    private final ExecutionReporter reporter;

    public StepExecutor(StepRunners runners, ExecutionReporter reporter) {
        this.runners = runners;
        this.reporter = reporter;
    }

    /** How a step ended, for the plan: go on, or stop STALE or FAILED, with one line why. */
    public enum End { DONE, SKIPPED, STALE, FAILED }

    public record Ended(End end, String detail, String output) {
    }

    /**
     * @param context        the step's context; its startedAt is ignored when {@code recordedStart} is given
     * @param recordedStart  the STARTED record's time of a step resumed after a crash
     */
    public Ended run(Step step, StepContext context, Optional<Instant> recordedStart) {
        String type = step.type().wireName();
        Instant startedAt = recordedStart.orElseGet(() -> reporter.started(context.plan(), context.phase(), context.index(),
                type, step.describe(), context.secrets()));
        StepContext ctx = new StepContext(context.plan(), context.phase(), context.index(), context.database(),
                context.resumed(), startedAt, context.migrations());
        StepRunners.Bound bound = runners.bind(step);
        try {
            Judgement judgement = bound.judge(ctx);
            return switch (judgement) {
                case Judgement.TookEffect t -> end(ctx, type, ExecutionStatus.SKIPPED, "skipped",
                        "already in effect: " + t.detail(), t.output(), End.SKIPPED);
                case Judgement.Stale s -> end(ctx, type, ExecutionStatus.FAILED, "stale", "stale: " + s.reason(), "", End.STALE);
                case Judgement.FailedBefore f -> end(ctx, type, ExecutionStatus.FAILED, "failed", f.detail(), f.output(),
                        End.FAILED);
                case Judgement.Ready r -> act(bound, ctx, type);
            };
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf("step %d (%s) of plan %s failed: %s", ctx.index(), type, ctx.plan().id(), e.toString());
            return end(ctx, type, ExecutionStatus.FAILED, "failed", type + " failed: " + e.getMessage(), "", End.FAILED);
        }
    }

    private Ended act(StepRunners.Bound bound, StepContext ctx, String type) {
        StepResult result = bound.apply(ctx);
        return switch (result) {
            case StepResult.Done d -> end(ctx, type, ExecutionStatus.SUCCEEDED, "succeeded", d.detail(), d.output(), End.DONE);
            case StepResult.Failed f -> end(ctx, type, ExecutionStatus.FAILED, "failed", f.detail(), f.output(), End.FAILED);
            case StepResult.Stale s -> end(ctx, type, ExecutionStatus.FAILED, "stale", "stale: " + s.detail(), s.output(),
                    End.STALE);
        };
    }

    private Ended end(StepContext ctx, String type, ExecutionStatus status, String result, String detail, String output,
                      End end) {
        reporter.ended(ctx.plan(), ctx.phase(), ctx.index(), type, status, result, detail, output, ctx.startedAt(),
                ctx.secrets());
        return new Ended(end, detail, output == null ? "" : output);
    }
}
