package io.medic.executor.service.step;

import io.medic.doctor.plan.AlembicRefusal;
import io.medic.events.Step;
import io.medic.executor.client.migration.MigrationRun;
import io.medic.executor.client.migration.MigrationRunner;
import io.medic.executor.client.migration.MigrationTask;
import io.medic.executor.domain.AlembicLog;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code alembic upgrade <target>} through the configured {@link MigrationRunner} (a Job from the plan's
 * container, or a local process). Before it runs, the version rows must be the step's expected ones. After,
 * they must be the step's result, and Alembic's own log must show it ran exactly the revisions the engine
 * proved ({@code applies}).
 *
 * <p>Left in doubt by a crashed executor, the step first waits for the attempt that may still be running
 * (the Job, the orphaned process) and then asks the rows: at the result, it took effect; at the expected
 * rows, it had not begun; part way along {@code applies} (Alembic commits each revision with its version
 * row), {@code alembic upgrade} continues from there and runs only what is left. An attempt known to have
 * failed is not run again.
 */
public final class AlembicUpgradeRunner implements StepRunner<Step.AlembicUpgrade> {

    private final MigrationRunner runner;

    public AlembicUpgradeRunner(MigrationRunner runner) {
        this.runner = runner;
    }

    private static MigrationTask task(Step.AlembicUpgrade step, StepContext context) {
        return new MigrationTask(context.plan(), context.phase(), context.index(), step.target(), context.database().url());
    }

    @Override
    public Judgement judge(Step.AlembicUpgrade step, StepContext context) {
        Optional<MigrationRun> previous = context.resumed() ? runner.previousAttempt(task(step, context)) : Optional.empty();
        List<String> rows = context.versionRows();
        if (previous.isPresent() && !previous.get().succeeded()) {
            return new Judgement.FailedBefore(previous.get().detail() + "; version table " + Rows.show(rows),
                    previous.get().output());
        }
        if (Rows.same(rows, step.resultVersionRows())) {
            return new Judgement.TookEffect("the version table is already " + Rows.show(rows)
                    + (previous.isPresent() ? " (" + previous.get().detail() + ")" : ""),
                    previous.map(MigrationRun::output).orElse(""));
        }
        if (Rows.same(rows, step.expectVersionRows())) {
            return new Judgement.Ready("version table " + Rows.show(rows));
        }
        if (context.resumed() && partWay(rows, step)) {
            return new Judgement.Ready("continuing from version table " + Rows.show(rows)
                    + ", part way along " + String.join(", ", step.applies()));
        }
        return new Judgement.Stale("the version table is " + Rows.show(rows) + "; " + step.alembicCommand() + " expects "
                + Rows.show(step.expectVersionRows()));
    }

    /** Rows an interrupted run of this very upgrade can leave: each one expected before, or one it applies. */
    private static boolean partWay(List<String> rows, Step.AlembicUpgrade step) {
        Set<String> possible = new HashSet<>(step.expectVersionRows());
        possible.addAll(step.applies());
        return !rows.isEmpty() && possible.containsAll(rows);
    }

    @Override
    public StepResult apply(Step.AlembicUpgrade step, StepContext context) {
        List<String> before = context.versionRows();
        boolean fromStart = Rows.same(before, step.expectVersionRows());
        String modelled = "";
        if (fromStart && context.migrations().isPresent()) {
            try {
                Migrations.Upgrade derived = context.migrations().get().upgrade(Rows.sorted(before), step.target());
                if (!derived.runs().equals(step.applies()) || !Rows.same(derived.rows(), step.resultVersionRows())) {
                    return StepResult.failed("the image's migrations say " + step.alembicCommand() + " runs "
                            + String.join(", ", derived.runs()) + " and leaves " + Rows.show(derived.rows())
                            + "; the plan says " + String.join(", ", step.applies()) + " and "
                            + Rows.show(step.resultVersionRows()) + "; nothing run");
                }
                modelled = " (as Alembic's model of the image's migrations derives it again)";
            } catch (AlembicRefusal refusal) {
                return StepResult.failed("Alembic would refuse " + step.alembicCommand() + " on the image's migrations: "
                        + refusal.getMessage() + "; nothing run");
            }
        }
        MigrationRun run = runner.upgrade(task(step, context));
        if (!run.succeeded()) {
            return new StepResult.Failed(run.detail(), run.output());
        }
        List<String> after = context.versionRows();
        if (!Rows.same(after, step.resultVersionRows())) {
            return new StepResult.Failed(step.alembicCommand() + " left the version table " + Rows.show(after)
                    + "; the plan expects " + Rows.show(step.resultVersionRows()), run.output());
        }
        List<String> ran = AlembicLog.upgradesRun(run.output());
        if (!ran.isEmpty()) {
            List<String> expected = fromStart ? step.applies()
                    : step.applies().subList(step.applies().size() - Math.min(ran.size(), step.applies().size()),
                    step.applies().size());
            if (!ran.equals(expected)) {
                return new StepResult.Failed("Alembic ran " + String.join(", ", ran) + "; the plan proved "
                        + String.join(", ", expected), run.output());
            }
        }
        return new StepResult.Done((fromStart ? "ran " : "continued, ran ") + (ran.isEmpty() ? String.join(", ", step.applies())
                : String.join(", ", ran)) + "; version table " + Rows.show(before) + " -> " + Rows.show(after) + modelled
                + " [" + run.detail() + "]", run.output());
    }
}
