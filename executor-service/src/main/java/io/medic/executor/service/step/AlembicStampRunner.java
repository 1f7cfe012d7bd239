package io.medic.executor.service.step;

import io.medic.doctor.plan.AlembicRefusal;
import io.medic.events.Step;
import io.medic.executor.client.PgSession;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

import java.util.List;

/**
 * {@code alembic stamp}, without Alembic: one transaction on the plan's session that locks the version
 * table, re-reads its rows (they must still be the step's expected rows), and rewrites them to exactly the
 * rows the engine's Alembic model says the stamp leaves. Revision ids are bound parameters; when the image's
 * migration files are at hand, the model is asked again here and a disagreement is refused before writing.
 */
public final class AlembicStampRunner implements StepRunner<Step.AlembicStamp> {

    @Override
    public Judgement judge(Step.AlembicStamp step, StepContext context) {
        List<String> rows = context.versionRows();
        if (Rows.same(rows, step.resultVersionRows()) && !Rows.same(rows, step.expectVersionRows())) {
            return new Judgement.TookEffect("the version table is already " + Rows.show(rows), "");
        }
        if (Rows.same(rows, step.expectVersionRows())) {
            return new Judgement.Ready("version table " + Rows.show(rows));
        }
        return new Judgement.Stale("the version table is " + Rows.show(rows) + "; " + step.alembicCommand()
                + " expects " + Rows.show(step.expectVersionRows()));
    }

    @Override
    public StepResult apply(Step.AlembicStamp step, StepContext context) {
        String modelled = "";
        if (context.migrations().isPresent()) {
            try {
                List<String> derived = context.migrations().get().stamp(step.expectVersionRows(), step.revisions(), step.purge());
                if (!Rows.same(derived, step.resultVersionRows())) {
                    return StepResult.failed("the image's migrations say " + step.alembicCommand() + " leaves "
                            + Rows.show(derived) + ", the plan says " + Rows.show(step.resultVersionRows()) + "; nothing written");
                }
                modelled = " (as Alembic's model of the image's migrations derives it again)";
            } catch (AlembicRefusal refusal) {
                return StepResult.failed("Alembic would refuse " + step.alembicCommand() + " on the image's migrations: "
                        + refusal.getMessage() + "; nothing written");
            }
        }
        PgSession.Stamped stamped = context.database().stamp(context.schema(), step.expectVersionRows(),
                step.resultVersionRows());
        if (!stamped.applied()) {
            return new StepResult.Stale("under the version table's lock its rows were " + Rows.show(stamped.before())
                    + ", not " + Rows.show(step.expectVersionRows()) + "; nothing written", "");
        }
        return StepResult.done("version table " + Rows.show(stamped.before()) + " -> " + Rows.show(stamped.after()) + modelled);
    }
}
