package io.medic.doctor.scenario;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.DatabaseProbe;
import io.medic.doctor.testing.SchemaDump;
import io.medic.doctor.Prescription;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every state of the catalog: the engine's verdict is the expected one, it wrote nothing, and
 * an automatic plan, executed line by line with REAL Alembic, ends at head's schema with the data
 * intact; after it the engine finds the database healthy.
 */
@Execution(ExecutionMode.CONCURRENT) // every case has its own database and directory
class DiagnosisScenariosIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.medic.doctor.scenario.ScenarioCatalog#all")
    void the_verdict_is_right_and_an_automatic_plan_works_with_real_alembic(Scenario scenario, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase(scenario.name()).open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);
            DatabaseProbe probe = new DatabaseProbe(db);
            SchemaDump schemaBefore = SchemaDump.of(db);
            Optional<List<String>> rowsBefore = probe.versionRows();

            Prescription diagnosis = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");

            assertThat(diagnosis.diagnosis().verdict()).as(explain(scenario, diagnosis)).isEqualTo(scenario.expected());
            assertThat(SchemaDump.of(db).diff(schemaBefore)).as("diagnose changed the schema").isEmpty();
            assertThat(probe.versionRows()).as("diagnose changed the version table").isEqualTo(rowsBefore);

            switch (scenario.expected()) {
                case HEALTHY -> assertThat(diagnosis.alembicCommands()).as(explain(scenario, diagnosis)).isEmpty();
                case NEEDS_HUMAN -> {
                    assertThat(diagnosis.alembicCommands()).as(explain(scenario, diagnosis)).isEmpty();
                    assertThat(diagnosis.diagnosis().reason()).as("a NEEDS_HUMAN diagnosis says why").isNotBlank();
                    assertThat(evidenceText(diagnosis)).as("what a person must decide about, " + explain(scenario, diagnosis))
                            .contains(scenario.culprits());
                }
                case AUTO_PLAN -> planWorks(scenario, project, diagnosis);
                default -> throw new AssertionError("no scenario expects " + scenario.expected());
            }
        }
    }

    @Test
    void a_key_dropped_after_its_table_was_renamed_is_held_against_the_revision_that_made_it(@TempDir Path tmp) {
        Scenario scenario = ScenarioCatalog.named("foreign-key-drift-after-rename-coaches");
        try (ThrowawayDatabase db = new ThrowawayDatabase(scenario.name()).open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);

            Prescription diagnosis = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");

            assertThat(diagnosis.diagnosis().revisions()).filteredOn(r -> r.state() == RevisionState.PARTIAL || r.state() == RevisionState.STAMPED_PARTIAL)
                    .as(explain(scenario, diagnosis)).extracting(RevisionRow::revision).containsExactly("007");
        }
    }

    private static void planWorks(Scenario scenario, AlembicProject project, Prescription diagnosis) {
        List<String> commands = diagnosis.alembicCommands();
        assertThat(commands).as("an automatic plan has commands\n" + explain(scenario, diagnosis)).isNotEmpty();

        HeadReached.runPlanAndCheck(scenario, project, commands, explain(scenario, diagnosis));

        Prescription after = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
        assertThat(after.diagnosis().verdict()).as("diagnosis after the plan: " + after.diagnosis().reason()).isEqualTo(Verdict.HEALTHY);
    }

    /** Everything the diagnosis tells a person: reason, reasoning, warnings and each revision's evidence. */
    private static String evidenceText(Prescription diagnosis) {
        StringBuilder text = new StringBuilder(diagnosis.diagnosis().reason());
        diagnosis.diagnosis().blockers().forEach(b -> text.append('\n').append(b.text()));
        diagnosis.diagnosis().reasoning().forEach(line -> text.append('\n').append(line));
        diagnosis.diagnosis().warnings().forEach(line -> text.append('\n').append(line));
        diagnosis.diagnosis().revisions().forEach(row -> row.evidence().forEach(line -> text.append('\n').append(line)));
        return text.toString();
    }

    private static String explain(Scenario scenario, Prescription diagnosis) {
        return scenario.name() + " (" + scenario.form() + "): expected " + scenario.expected()
                + " because " + scenario.rationale()
                + "\n  a plan known to work: " + scenario.referencePlan()
                + "\n  engine said " + diagnosis.diagnosis().verdict() + ": " + diagnosis.diagnosis().reason()
                + "\n  commands: " + diagnosis.alembicCommands()
                + "\n  reasoning: " + diagnosis.diagnosis().reasoning();
    }
}
