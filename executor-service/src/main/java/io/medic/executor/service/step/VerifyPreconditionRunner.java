package io.medic.executor.service.step;

import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Step;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

/**
 * The database is as the plan saw it: exactly the expected version rows and the same schema fingerprint,
 * read with the engine's own snapshot code in one read-only transaction. Otherwise the plan is STALE.
 */
public final class VerifyPreconditionRunner implements StepRunner<Step.VerifyPrecondition> {

    @Override
    public Judgement judge(Step.VerifyPrecondition step, StepContext context) {
        return new Judgement.Ready("read-only");
    }

    @Override
    public StepResult apply(Step.VerifyPrecondition step, StepContext context) {
        SchemaSnapshot snapshot = context.database().snapshot(context.schema());
        if (!Rows.same(snapshot.versionRows(), step.versionRows())) {
            return new StepResult.Stale("the version table is " + Rows.show(snapshot.versionRows()) + ", the plan expects "
                    + Rows.show(step.versionRows()), "");
        }
        if (!snapshot.fingerprint().equals(step.schemaFingerprint())) {
            return new StepResult.Stale("the schema changed since the plan was made: fingerprint "
                    + shortly(snapshot.fingerprint()) + ", the plan expects " + shortly(step.schemaFingerprint()), "");
        }
        return StepResult.done("version table " + Rows.show(step.versionRows()) + " and schema fingerprint "
                + shortly(step.schemaFingerprint()) + " as planned");
    }

    private static String shortly(String fingerprint) {
        return fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }
}
