package io.medic.planner.service;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.planner.PlannerScenario;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * One live plan per incident, on the seed incident (linear chain, real PostgreSQL, real Alembic): a redelivered
 * or repeated signal publishes nothing; a changed database publishes a plan superseding the old one, which can no
 * longer be approved; a plan that expires while the incident is open is diagnosed again and replaced.
 */
@QuarkusTest
class PlanLifecycleTests extends PlannerScenario {

    @TempDir
    static Path temp;
    static ThrowawayDatabase db;
    static AlembicProject project;

    @BeforeAll
    static void incident() {
        db = new ThrowawayDatabase("planner-lifecycle").open();
        project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** The seed state, again from scratch (each test changes it). */
    private void seedState() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        project.upgrade("018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
        deployment(Map.of());
        databaseSecret(db.url());
    }

    private Signal seedSignal(String incident, int sequence) {
        return signal(incident, sequence, "db.duplicate-column", IMAGE_REPO + ":" + SEED_COMMIT,
                "dir:" + project.versionsDir());
    }

    @Test
    void aRedeliveredOrRepeatedSignalWithTheSameDatabasePublishesNothing() {
        seedState();
        String incident = newIncident();
        Signal first = seedSignal(incident, 1);
        publish(first);
        Plan plan = awaitPlan(incident);

        double unchanged = metric("medic_signals_total", "outcome=\"unchanged\"");
        publish(first);                     // redelivered
        publish(seedSignal(incident, 2));   // escalated: more restarts, same database
        awaitMetricAtLeast("medic_signals_total", "outcome=\"unchanged\"", unchanged + 2);

        assertThat(plansOf(incident)).extracting(Plan::id).containsExactly(plan.id());
    }

    @Test
    void aChangedDatabaseSupersedesThePlanAndTheOldOneCannotBeApproved() {
        seedState();
        String incident = newIncident();
        publish(seedSignal(incident, 1));
        Plan first = awaitPlan(incident);

        project.upgrade("019");             // someone ran 019 by hand meanwhile
        publish(seedSignal(incident, 2));
        Plan second = awaitPlan(incident, p -> !p.id().equals(first.id()));

        assertThat(second.supersedes()).isEqualTo(first.id());
        assertThat(second.diagnosis().versionRows()).containsExactly("019");
        given().header("Authorization", "Bearer " + APPROVER).contentType(ContentType.JSON)
                .body("{\"digest\":\"" + first.digest() + "\"}").post("/plans/" + first.id() + "/approve")
                .then().statusCode(410);
        given().header("Authorization", "Bearer " + VIEWER).get("/plans/" + first.id()).then()
                .body("status", equalTo("superseded")).body("supersededBy", equalTo(second.id()));
    }

    @Test
    void aPlanThatExpiresWhileTheIncidentIsOpenIsDiagnosedAgainAndReplaced() {
        seedState();
        String incident = newIncident();
        publish(seedSignal(incident, 1));
        Plan live = awaitPlan(incident);

        // the same plan as another replica would have it after its TTL ran out: expired, undecided
        Instant past = Instant.now().minus(Duration.ofHours(2));
        Plan expired = new Plan("plan-expired-" + incident.substring(4, 12), incident, live.workload(),
                live.migrationContainer(), live.database(), live.diagnoser(), live.risk(), live.summary(),
                live.diagnosis(), live.steps(), live.id(), live.firstSeenAt(), past, past.plus(Duration.ofMinutes(30)),
                null).sealed();
        publish(expired);

        Plan renewed = awaitPlan(incident, p -> expired.id().equals(p.supersedes()));
        assertThat(renewed.steps()).isEqualTo(live.steps());
        assertThat(renewed.expiresAt()).isAfter(Instant.now());
        assertThat(renewed.createdAt()).isAfterOrEqualTo(expired.expiresAt());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", "Bearer " + VIEWER)
                .get("/plans/" + renewed.id()).then().body("status", equalTo("awaiting")));
        assertThat(plansOf(incident).stream().filter(p -> expired.id().equals(p.supersedes())).toList())
                .as("renewed once").hasSize(1);
        assertThat(List.of(expired.id())).doesNotContain(renewed.id());
    }
}
