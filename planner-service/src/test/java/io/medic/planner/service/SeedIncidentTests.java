package io.medic.planner.service;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.EventCodec;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.planner.PlannerScenario;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed incident's signal in, the plan out: on real PostgreSQL built with real Alembic (stamped 018,
 * 020's column added by hand), for the branched and the linearized chain. The plan's steps are exactly the
 * engine's precondition, stamps and upgrades, then restart, rollout, the health check, and the engine's
 * post-condition. The database URL (with a password) never reaches the plan.
 */
@QuarkusTest
class SeedIncidentTests extends PlannerScenario {

    /** Trust auth accepts any password: the URL can carry one, and the test can look for it. */
    private static final String PASSWORD = "Pa55-w0rd-in-url";

    @TempDir
    static Path temp;
    private static ThrowawayDatabase branchedDb;
    private static ThrowawayDatabase linearDb;
    private static AlembicProject branched;
    private static AlembicProject linear;

    @BeforeAll
    static void incidents() {
        branchedDb = new ThrowawayDatabase("planner-seed-branched").open();
        linearDb = new ThrowawayDatabase("planner-seed-linear").open();
        branched = incident(FixtureForm.BRANCHED, branchedDb);
        linear = incident(FixtureForm.LINEAR, linearDb);
    }

    @AfterAll
    static void drop() {
        branchedDb.close();
        linearDb.close();
    }

    static AlembicProject incident(FixtureForm form, ThrowawayDatabase db) {
        AlembicProject project = AlembicProject.copyOf(form, temp, db);
        project.upgrade("018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
        return project;
    }

    static String urlWithPassword(ThrowawayDatabase db) {
        return "postgresql://" + ThrowawayDatabase.user() + ":" + PASSWORD + "@" + ThrowawayDatabase.host() + ":"
                + ThrowawayDatabase.port() + "/" + db.name();
    }

    @Test
    void theLinearChainsSignalBecomesTheEnginesPlanWithRestartRolloutAndHealthCheck() {
        Plan plan = seedPlan(linear, linearDb);
        assertThat(plan.steps().stream().map(Step::alembicCommand).filter(c -> c != null))
                .containsExactly("alembic upgrade 019", "alembic stamp 020", "alembic upgrade head");
    }

    @Test
    void theBranchedChainsSignalBecomesTheEnginesPlanWithRestartRolloutAndHealthCheck() {
        Plan plan = seedPlan(branched, branchedDb);
        assertThat(plan.steps().stream().map(Step::alembicCommand).filter(c -> c != null))
                .containsExactly("alembic stamp 020", "alembic upgrade head");
        assertThat(plan.steps()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(Step.AlembicUpgrade.class,
                u -> assertThat(u.applies()).contains("019", "021", "022", "023", "024")));
    }

    private Plan seedPlan(AlembicProject project, ThrowawayDatabase db) {
        deployment(Map.of("medic.io/health-path", "/health"));
        databaseSecret(urlWithPassword(db));
        String incident = newIncident();
        publish(signal(incident, 1, "db.duplicate-column", IMAGE_REPO + ":" + SEED_COMMIT,
                "dir:" + project.versionsDir()));

        Plan plan = awaitPlan(incident);
        Prescription engine = AlembicDoctor.run(project.versionsDir(), project.databaseUrl(), "public").prescription();
        assertThat(engine.diagnosis().verdict()).isEqualTo(Verdict.AUTO_PLAN);
        List<Step> expected = new ArrayList<>(engine.steps().subList(0, engine.steps().size() - 1));
        expected.add(new Step.RestartWorkload(workload()));
        expected.add(new Step.AwaitRollout(workload(), Duration.ofMinutes(5), Duration.ofSeconds(20)));
        expected.add(new Step.VerifyHttp(workload(), 8000, "/health", 200, Duration.ofSeconds(30)));
        expected.add(engine.steps().get(engine.steps().size() - 1));
        assertThat(plan.steps()).containsExactlyElementsOf(expected);
        assertThat(plan.steps().get(0)).isInstanceOf(Step.VerifyPrecondition.class);
        assertThat(plan.steps().get(plan.steps().size() - 1)).isInstanceOf(Step.VerifyPostcondition.class);

        assertThat(plan.diagnoser()).isEqualTo("alembic-drift");
        assertThat(plan.verdict()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(plan.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(plan.diagnosis().revisions()).isEqualTo(engine.diagnosis().revisions());
        assertThat(plan.database().secret().name()).isEqualTo("basketball-db");
        assertThat(plan.migrationContainer().name()).isEqualTo("api");
        assertThat(plan.digestValid()).isTrue();
        assertThat(plan.summary()).contains(String.join("; ", engine.alembicCommands()),
                "waits for a person: risk MEDIUM is above");
        assertThat(EventCodec.encodeToString(plan)).doesNotContain(PASSWORD).doesNotContain(db.name() + "?");
        assertThat(decisionsOf(plan.id())).as("MEDIUM is above the default max-risk LOW").isEmpty();
        return plan;
    }
}
