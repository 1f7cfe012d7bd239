package io.medic.executor.service.step;

import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Step;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.events.schema.TableShape;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

import java.util.ArrayList;
import java.util.List;

/**
 * After the migrations: the version rows are the plan's head rows and the live schema equals the schema
 * head's migrations describe (the tables they manage; tables no migration touches are not the plan's),
 * with the differences listed when it does not. Read with the engine's snapshot code and compared by the
 * engine's one schema comparison (names a migration left to PostgreSQL match any name). Read-only.
 */
public final class VerifyPostconditionRunner implements StepRunner<Step.VerifyPostcondition> {

    private static final int MAX_DIFFERENCES = 40;

    @Override
    public Judgement judge(Step.VerifyPostcondition step, StepContext context) {
        return new Judgement.Ready("read-only");
    }

    @Override
    public StepResult apply(Step.VerifyPostcondition step, StepContext context) {
        SchemaSnapshot snapshot = context.database().snapshot(context.schema());
        List<String> tables = step.expectedSchema().tables().stream().map(TableShape::name).toList();
        List<String> differences = SchemaComparison.differences(SchemaModel.of(step.expectedSchema()), snapshot.model(),
                tables).stream().map(Difference::text).toList();
        boolean rows = Rows.same(snapshot.versionRows(), step.versionRows());
        if (rows && differences.isEmpty()) {
            return StepResult.done("version table " + Rows.show(step.versionRows()) + "; the schema equals head's ("
                    + tables.size() + " tables)");
        }
        List<String> problems = new ArrayList<>();
        if (!rows) {
            problems.add("the version table is " + Rows.show(snapshot.versionRows()) + ", head is "
                    + Rows.show(step.versionRows()));
        }
        if (!differences.isEmpty()) {
            problems.add(differences.size() + " difference(s) from head's schema");
        }
        return new StepResult.Failed(String.join("; ", problems), String.join("\n", differences.subList(0,
                Math.min(MAX_DIFFERENCES, differences.size()))));
    }
}
