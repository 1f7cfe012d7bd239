package io.medic.doctor.scenario;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.AlembicResult;
import io.medic.doctor.testing.DatabaseProbe;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.FreshHead;
import io.medic.doctor.testing.SchemaDump;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.medic.doctor.testing.FixtureForm.BRANCHED;
import static io.medic.doctor.testing.FixtureForm.LINEAR;
import static io.medic.doctor.testing.SchemaObject.column;
import static io.medic.doctor.testing.SchemaObject.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture and the scenario setups, with real Alembic and PostgreSQL and no engine: both forms
 * reach the same head, each scenario builds the state it claims, and the incident reproduces,
 * including the trap of its own fix plan on the linearized chain.
 */
@Execution(ExecutionMode.CONCURRENT) // every case has its own database and directory
class BasketballFixtureIT {

    @ParameterizedTest(name = "{0}")
    @EnumSource(FixtureForm.class)
    void each_form_upgrades_from_empty_to_head_024(FixtureForm form, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("fixture " + form).open()) {
            AlembicProject project = AlembicProject.copyOf(form, tmp, db);

            assertThat(project.heads()).containsExactly("024");
            project.upgrade("head");

            assertThat(project.current()).containsExactly("024");
            assertThat(new DatabaseProbe(db).missing(List.of(table("player_teams"), column("players.custom_notes"),
                    table("oauth_tokens"), column("players.is_public"), table("coaches"), table("outbox")))).isEmpty();
        }
    }

    @Test
    void both_forms_give_the_same_schema_at_head() {
        SchemaDump branched = FreshHead.schema(BRANCHED);
        SchemaDump linear = FreshHead.schema(LINEAR);

        assertThat(branched.lines()).contains("CREATE TABLE public.player_teams (", "CREATE TABLE public.oauth_tokens (");
        assertThat(linear.diff(branched)).as("linear vs branched at head (- branched, + linear)").isEmpty();
    }

    @Test
    void only_the_branched_form_has_the_fork(@TempDir Path tmp) {
        try (ThrowawayDatabase branchedDb = new ThrowawayDatabase("fork branched").open();
             ThrowawayDatabase linearDb = new ThrowawayDatabase("fork linear").open()) {
            AlembicProject branched = AlembicProject.copyOf(BRANCHED, tmp, branchedDb);
            AlembicProject linear = AlembicProject.copyOf(LINEAR, tmp, linearDb);

            branched.upgrade("020");
            linear.upgrade("020");

            DatabaseProbe onBranched = new DatabaseProbe(branchedDb);
            DatabaseProbe onLinear = new DatabaseProbe(linearDb);
            assertThat(onBranched.exists(column("players.custom_notes"))).isTrue();
            assertThat(onBranched.exists(table("player_teams"))).as("020 is not a descendant of 019 on the fork").isFalse();
            assertThat(onLinear.exists(table("player_teams"))).as("020 follows 019 on the linear chain").isTrue();
            assertThat(onBranched.versionRows()).contains(List.of("020"));
            assertThat(onLinear.versionRows()).contains(List.of("020"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.medic.doctor.scenario.ScenarioCatalog#all")
    void each_scenario_setup_yields_the_state_it_claims(Scenario scenario, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase(scenario.name()).open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);
            DatabaseProbe probe = new DatabaseProbe(db);
            StateClaim claim = scenario.claim();

            assertThat(probe.versionRows()).as("alembic_version rows (empty Optional: no table)").isEqualTo(claim.versionRows());
            assertThat(probe.missing(claim.present())).as("objects the scenario says are present").isEmpty();
            assertThat(claim.absent()).as("objects the scenario says are absent")
                    .noneMatch(probe::exists);
        }
    }

    /**
     * Every AUTO_PLAN verdict is achievable with stamp/upgrade alone, and the post-condition the scenario
     * test applies to the engine's plan (head's schema, Alembic at head, data intact) holds for a right one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("automaticScenarios")
    void each_automatic_scenario_has_a_reference_plan_that_real_alembic_proves(Scenario scenario, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("reference " + scenario.name()).open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);

            HeadReached.runPlanAndCheck(scenario, project, scenario.referencePlan(),
                    scenario.name() + " (" + scenario.form() + "): " + scenario.rationale());
        }
    }

    static Stream<Scenario> automaticScenarios() {
        return ScenarioCatalog.all().filter(s -> s.expected() == Verdict.AUTO_PLAN);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FixtureForm.class)
    void the_incident_state_crashes_alembic_upgrade_like_the_pod(FixtureForm form, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("incident crash " + form).open()) {
            AlembicProject project = AlembicProject.copyOf(form, tmp, db);
            ScenarioCatalog.incident(form).setup().build(project);

            AlembicResult boot = project.attempt("upgrade", "head");

            assertThat(boot.succeeded()).isFalse();
            assertThat(boot.stderr()).contains("DuplicateColumn", "column \"custom_notes\" of relation \"players\" already exists");
        }
    }

    /**
     * The incident's own fix ("alembic stamp 020; alembic upgrade head") is right on the fork, where
     * Alembic still runs 019, and silently wrong on the linear chain: 019 is skipped, player_teams never
     * exists, and Alembic believes it is at head.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(FixtureForm.class)
    void the_incidents_fix_plan_skips_019_on_the_linear_form_only(FixtureForm form, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("incident fix " + form).open()) {
            AlembicProject project = AlembicProject.copyOf(form, tmp, db);
            ScenarioCatalog.incident(form).setup().build(project);

            project.run("alembic stamp 020");
            project.run("alembic upgrade head");

            assertThat(project.current()).containsExactly("024");
            boolean playerTeams = new DatabaseProbe(db).exists(table("player_teams"));
            if (form == LINEAR) {
                assertThat(playerTeams).as("019 skipped on the linear chain").isFalse();
                assertThat(SchemaDump.of(db).diff(FreshHead.schema(form))).isNotEmpty();
            } else {
                assertThat(playerTeams).as("Alembic runs 019 by itself on the fork").isTrue();
                assertThat(SchemaDump.of(db).diff(FreshHead.schema(form))).isEmpty();
            }
        }
    }

    @Test
    void an_unknown_stamped_revision_fails_alembic_like_the_old_image(@TempDir Path tmp) {
        Scenario scenario = ScenarioCatalog.unknownStampedRevision();
        try (ThrowawayDatabase db = new ThrowawayDatabase("unknown stamp").open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);

            AlembicResult upgrade = project.attempt("upgrade", "head");

            assertThat(upgrade.succeeded()).isFalse();
            assertThat(upgrade.stderr()).contains("Can't locate revision identified by 'f00dcafe'");
        }
    }

    @Test
    void version_rows_where_one_is_an_ancestor_make_alembic_refuse_to_upgrade(@TempDir Path tmp) {
        Scenario scenario = ScenarioCatalog.versionRowsWhereOneIsAncestor();
        try (ThrowawayDatabase db = new ThrowawayDatabase("ancestor rows").open()) {
            AlembicProject project = AlembicProject.copyOf(scenario.form(), tmp, db);
            scenario.setup().build(project);

            AlembicResult upgrade = project.attempt("upgrade", "head");

            assertThat(upgrade.succeeded()).isFalse();
            assertThat(upgrade.stderr()).contains("overlaps with other requested revisions");
            assertThat(new DatabaseProbe(db).versionRows()).contains(List.of("015", "018"));
        }
    }

    @Test
    void run_executes_a_printed_command_line_and_fails_with_alembics_stderr(@TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("run lines").open()) {
            AlembicProject project = AlembicProject.copyOf(BRANCHED, tmp, db);
            project.run("alembic upgrade 018");
            project.run("alembic   stamp --purge 020 021 ");

            assertThat(new DatabaseProbe(db).versionRows()).contains(List.of("020", "021"));
            assertThatThrownBy(() -> project.run("alembic upgrade f00dcafe"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("alembic upgrade f00dcafe failed")
                    .hasMessageContaining("Can't locate revision identified by 'f00dcafe'");
            assertThatThrownBy(() -> project.run("rm -rf /"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
