package io.medic.doctor.scenario;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.FreshHead;
import io.medic.doctor.testing.SchemaDump;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold after an automatic plan ran: head's schema, Alembic at head, the scenario's data intact. */
final class HeadReached {

    private HeadReached() {
    }

    /** Runs each command line with real Alembic, then checks the post-condition; {@code context} explains failures. */
    static void runPlanAndCheck(Scenario scenario, AlembicProject project, List<String> commands, String context) {
        for (String command : commands) {
            project.run(command);
        }
        String after = "after running " + commands + "\n" + context;
        assertThat(SchemaDump.of(project.database()).diff(FreshHead.schema(scenario.form())))
                .as("schema differs from a fresh database upgraded to head (- expected, + actual), " + after)
                .isEmpty();
        assertThat(project.current()).as("alembic current, " + after).containsExactly(FixtureForm.HEAD);
        for (Survivor survivor : scenario.survivors()) {
            assertThat(project.database().column(survivor.sql())).as(survivor.what() + ", " + after)
                    .containsExactlyElementsOf(survivor.expected());
        }
    }
}
