package io.medic.planner.service;

import io.fabric8.kubernetes.api.model.Namespace;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.planner.PlannerScenario;
import io.medic.planner.Plans;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic mode at its default max-risk LOW, on a real database: a stamp-only plan (LOW) is approved by
 * medic-auto with its policy; the same plan waits for a person where {@code medic.io/auto-approve: none} narrows
 * it; the loop guard holds it after 3 automatic executions in the hour, or after 3 consecutive failures, counted
 * from the topics; a MEDIUM plan waits (see SeedIncidentTests).
 */
@QuarkusTest
class AutoApprovalTests extends PlannerScenario {

    @TempDir
    Path temp;
    ThrowawayDatabase db;
    Path versions;

    /** Two revisions, the second's column present but only the first stamped: the plan is `alembic stamp 002`. */
    @BeforeEach
    void stampOnlyIncident() throws IOException {
        versions = Files.createDirectories(temp.resolve("versions"));
        Files.writeString(versions.resolve("001_teams.py"), """
                from alembic import op
                import sqlalchemy as sa
                revision = '001'
                down_revision = None
                def upgrade():
                    op.create_table('teams', sa.Column('id', sa.Integer(), primary_key=True))
                """);
        Files.writeString(versions.resolve("002_team_name.py"), """
                from alembic import op
                import sqlalchemy as sa
                revision = '002'
                down_revision = '001'
                def upgrade():
                    op.add_column('teams', sa.Column('name', sa.Text(), nullable=True))
                """);
        db = new ThrowawayDatabase("planner-auto").open();
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc"
                        + " PRIMARY KEY (version_num))", "INSERT INTO alembic_version VALUES ('001')",
                "CREATE TABLE teams (id SERIAL PRIMARY KEY, name TEXT)");
        databaseSecret(db.url());
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Plan lowPlan() {
        String incident = newIncident();
        publish(signal(incident, 1, "db.undefined-column", IMAGE_REPO + ":" + SEED_COMMIT, "dir:" + versions));
        Plan plan = awaitPlan(incident);
        assertThat(plan.risk()).isEqualTo(Risk.LOW);
        assertThat(plan.steps().stream().map(s -> s.alembicCommand()).filter(c -> c != null))
                .containsExactly("alembic stamp 002");
        return plan;
    }

    private Decision awaitDecision(Plan plan) {
        Awaitility.await().atMost(WAIT).until(() -> !decisionsOf(plan.id()).isEmpty());
        return decisionsOf(plan.id()).get(0);
    }

    @Test
    void aLowPlanIsApprovedAutomaticallyWithItsPolicy() {
        deployment(Map.of());
        Plan plan = lowPlan();
        Decision decision = awaitDecision(plan);
        assertThat(decision.kind()).isEqualTo(DecisionKind.APPROVE);
        assertThat(decision.mode()).isEqualTo(DecisionMode.AUTOMATIC);
        assertThat(decision.by()).isEqualTo("medic-auto");
        assertThat(decision.planDigest()).isEqualTo(plan.digest());
        assertThat(decision.policy()).isEqualTo("max-risk=LOW (medic.planner.auto-approve)");
        assertThat(plan.summary()).doesNotContain("waits for a person");
    }

    @Test
    void anAutomaticApprovalIsCountedInThePlannersMetrics() {
        deployment(Map.of());
        double plans = metric("medic_plans_total", "diagnoser=\"alembic-drift\",risk=\"LOW\",verdict=\"AUTO_PLAN\"");
        double approvals = metric("medic_decisions_total", "kind=\"APPROVE\",mode=\"AUTOMATIC\"");
        double timed = metric("medic_signal_to_plan_seconds_count", "");
        double waits = metric("medic_plan_decision_wait_seconds_count", "mode=\"AUTOMATIC\"");
        Plan plan = lowPlan();
        awaitDecision(plan);
        awaitMetricAtLeast("medic_decisions_total", "kind=\"APPROVE\",mode=\"AUTOMATIC\"", approvals + 1);
        assertThat(metric("medic_plans_total", "diagnoser=\"alembic-drift\",risk=\"LOW\",verdict=\"AUTO_PLAN\""))
                .isEqualTo(plans + 1);
        assertThat(metric("medic_decisions_total", "kind=\"APPROVE\",mode=\"AUTOMATIC\"")).isEqualTo(approvals + 1);
        assertThat(metric("medic_signal_to_plan_seconds_count", "")).isEqualTo(timed + 1);
        assertThat(metric("medic_plan_decision_wait_seconds_count", "mode=\"AUTOMATIC\"")).isEqualTo(waits + 1);
    }

    @Test
    void theNamespacesAnnotationNarrowsTheAutomaticMode() {
        Namespace ns = cluster.namespaces().withName(namespace).get();
        ns.getMetadata().setAnnotations(Map.of("medic.io/auto-approve", "none"));
        cluster.namespaces().resource(ns).update();
        deployment(Map.of());
        Plan plan = lowPlan();
        assertThat(plan.summary()).contains("waits for a person", "max-risk=NONE",
                "medic.io/auto-approve=none on namespace " + namespace);
        given().header("Authorization", "Bearer " + VIEWER).get("/plans/" + plan.id()).then().statusCode(200);
        assertThat(decisionsOf(plan.id())).isEmpty();
    }

    @Test
    void theLoopGuardHoldsAfterMaxPerHourAutomaticExecutions() {
        deployment(Map.of());
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            Plan earlier = Plans.stampPlan(workload(), newIncident(), now.minus(Duration.ofMinutes(50 - i)),
                    now.plus(Duration.ofMinutes(10)), null);
            publish(earlier);
            publish(new Decision(earlier.id(), DecisionKind.APPROVE, DecisionMode.AUTOMATIC, "medic-auto",
                    earlier.digest(), "", "max-risk=LOW (medic.planner.auto-approve)",
                    now.minus(Duration.ofMinutes(40 - i))));
        }
        double trips = metric("medic_loop_guard_trips_total", "trip=\"max-per-hour\"");
        awaitPlans(null, 3);
        Plan plan = lowPlan();
        assertThat(plan.summary()).contains("waits for a person: loop guard: 3 automatic executions of "
                + workload().key() + " in the last hour (medic.planner.auto-approve.max-per-hour=3)");
        assertThat(decisionsOf(plan.id())).isEmpty();
        assertThat(metric("medic_loop_guard_trips_total", "trip=\"max-per-hour\"")).isEqualTo(trips + 1);
    }

    @Test
    void theLoopGuardBlocksAfterThreeConsecutiveFailedOrStaleExecutions() {
        assertBlockedAfter(List.of(Outcome.FAILED, Outcome.STALE, Outcome.FAILED), "FAILED, STALE, FAILED");
    }

    /**
     * "Without recovery": each of the last 3 executions SUCCEEDED, yet the workload crashed again (a new incident)
     * within the hour after it; the newest is the incident being planned now.
     */
    @Test
    void theLoopGuardBlocksAfterThreeSucceededExecutionsTheWorkloadCrashedAgainAfter() {
        assertBlockedAfter(List.of(Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED),
                "SUCCEEDED but crashed again, SUCCEEDED but crashed again, SUCCEEDED but crashed again");
    }

    /**
     * Three earlier incidents of the workload in the last hour, executed with {@code outcomes} (oldest first): the
     * new incident's plan waits for a person, says why (newest first), and the trip is counted.
     */
    private void assertBlockedAfter(List<Outcome> outcomes, String ended) {
        deployment(Map.of());
        Instant now = Instant.now();
        for (int i = 0; i < outcomes.size(); i++) {
            publishExecuted(now.minus(Duration.ofMinutes(55 - 10 * i)), outcomes.get(i));
        }
        awaitPlans("done", outcomes.size());
        double trips = metric("medic_loop_guard_trips_total", "trip=\"consecutive-failures\"");
        Plan plan = lowPlan();
        assertThat(plan.summary()).contains("loop guard: the last 3 executions for " + workload().key() + " ended "
                + ended + ": automatic approval is blocked until");
        assertThat(decisionsOf(plan.id())).isEmpty();
        assertThat(metric("medic_loop_guard_trips_total", "trip=\"consecutive-failures\"")).isEqualTo(trips + 1);
    }

    /** A recovery that held (no new incident within the hour after it) ends the run of failures before it. */
    @Test
    void aRecoveryThatHeldEndsTheRunOfFailures() {
        deployment(Map.of());
        Instant now = Instant.now();
        publishExecuted(now.minus(Duration.ofHours(5)), Outcome.FAILED);
        publishExecuted(now.minus(Duration.ofHours(4)), Outcome.FAILED);
        publishExecuted(now.minus(Duration.ofHours(3)), Outcome.SUCCEEDED);
        publishExecuted(now.minus(Duration.ofMinutes(50)), Outcome.FAILED);
        publishExecuted(now.minus(Duration.ofMinutes(40)), Outcome.FAILED);
        awaitPlans("done", 5);
        Plan plan = lowPlan();
        assertThat(plan.summary()).doesNotContain("loop guard");
        assertThat(awaitDecision(plan).mode()).isEqualTo(DecisionMode.AUTOMATIC);
    }

    /** An earlier incident of the workload, first seen at {@code seen}, approved by a person and executed 5 min later. */
    private void publishExecuted(Instant seen, Outcome outcome) {
        Plan earlier = Plans.stampPlan(workload(), newIncident(), seen.plusSeconds(60), seen.plus(Duration.ofMinutes(31)),
                null);
        publish(earlier);
        publish(new Decision(earlier.id(), DecisionKind.APPROVE, DecisionMode.MANUAL, "alice", earlier.digest(), "",
                null, seen.plus(Duration.ofMinutes(2))));
        publish(new Execution(earlier.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                outcome, "", "", seen.plus(Duration.ofMinutes(3)), seen.plus(Duration.ofMinutes(5))));
    }

    /** Waits until the API lists {@code plans} plans of this test's namespace, with {@code status} (null: any). */
    private void awaitPlans(String status, int plans) {
        Awaitility.await().atMost(WAIT).until(() -> given().header("Authorization", "Bearer " + VIEWER)
                .get(status == null ? "/plans" : "/plans?status=" + status).jsonPath().getList("workload.namespace")
                .stream().filter(namespace::equals).count() == plans);
    }
}
