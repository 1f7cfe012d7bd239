package io.medic.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;
import io.medic.executor.domain.ScratchDatabase;
import io.medic.executor.testing.AlembicProjects;
import io.medic.executor.testing.CrudKubernetesServer;
import io.medic.executor.testing.ExecutionRecords;
import io.medic.executor.testing.Incident;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What keeps the real database safe: a plan whose database changed after planning stops at its
 * precondition; a migration that fails is caught by the rehearsal on a scratch copy, before the real
 * database is touched; a live step that fails stops the plan, and later steps never run.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class SafetyTests {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    KubernetesClient client;

    private KafkaTestClient kafka;
    private TestCluster cluster;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient();
        cluster = new TestCluster(client);
    }

    @AfterEach
    void close() {
        cluster.close();
        kafka.close();
    }

    private WorkloadRef workload(Incident incident, String purpose, String imageTag) {
        String ns = TestCluster.namespace(purpose);
        cluster.secret(ns, incident.secretUrl());
        WorkloadRef workload = cluster.deployment(ns, "basketball-api", AlembicProjects.image(imageTag));
        cluster.controller(ns);
        return workload;
    }

    @Test
    void aPlanWhoseDatabaseChangedAfterPlanningStopsAtItsPreconditionWithNothingWritten() {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "stale")) {
            WorkloadRef workload = workload(incident, "stale", "branched");
            Plan plan = Plans.seed(incident, workload, "branched", cluster.healthServer(), Duration.ofSeconds(1));
            // someone stamps by hand between the plan and its approval
            incident.db().execute("UPDATE alembic_version SET version_num = '020'");
            String before = incident.dump();

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.STALE);
            assertThat(end.detail()).contains("stale at step 0 (verify-precondition)", "{020}", "{018}", "nothing was written");
            assertThat(records.live()).extracting(Execution::stepIndex).containsOnly(0);
            assertThat(records.rehearsal()).as("a stale plan is not rehearsed").isEmpty();
            assertThat(incident.dump()).isEqualTo(before);
            assertThat(cluster.deploymentNow(workload).getSpec().getTemplate().getMetadata().getAnnotations())
                    .as("not restarted").isNullOrEmpty();
        }
    }

    @Test
    void aForeignKeyWhoseOnDeleteRuleWasChangedAfterPlanningMakesThePlanStale() {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "stale on delete")) {
            WorkloadRef workload = workload(incident, "stale-on-delete", "branched");
            Plan plan = Plans.seed(incident, workload, "branched", cluster.healthServer(), Duration.ofSeconds(1));
            // someone undoes 017's change by hand: same constraint, same columns, only the rule differs
            incident.db().execute("ALTER TABLE games DROP CONSTRAINT fk_games_season_id_seasons");
            incident.db().execute("ALTER TABLE games ADD CONSTRAINT fk_games_season_id_seasons"
                    + " FOREIGN KEY (season_id) REFERENCES seasons (id)");
            String before = incident.dump();

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.STALE);
            assertThat(end.detail()).contains("stale at step 0 (verify-precondition)", "the schema changed since the plan was made",
                    "nothing was written");
            assertThat(records.live()).extracting(Execution::stepIndex).containsOnly(0);
            assertThat(incident.dump()).isEqualTo(before);
        }
    }

    @Test
    void aMigrationThatFailsIsCaughtByTheRehearsalBeforeTheRealDatabaseIsTouched() {
        try (Incident incident = Incident.create(FixtureForm.LINEAR, "failing migration")) {
            // the plan is right for the migrations the planner read; the image that runs them has a broken 024
            WorkloadRef workload = workload(incident, "broken", AlembicProjects.BROKEN);
            Plan plan = Plans.seed(incident, workload, AlembicProjects.BROKEN, cluster.healthServer(), Duration.ofSeconds(1));
            String before = incident.dump();

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.FAILED);
            assertThat(end.detail()).contains("rehearsal failed", "the real database was not touched");
            Execution rehearse = records.all().stream().filter(e -> Execution.REHEARSE.equals(e.stepType())
                    && e.status() == ExecutionStatus.FAILED).findFirst().orElseThrow();
            assertThat(rehearse.output()).as("Alembic's own error, kept").contains("DuplicateColumn", "custom_notes");
            assertThat(records.rehearsal()).filteredOn(e -> e.stepIndex() >= 0 && e.status() == ExecutionStatus.FAILED)
                    .extracting(Execution::stepType).containsExactly("alembic-upgrade");
            assertThat(records.live()).as("only the read-only precondition ran live").extracting(Execution::stepIndex)
                    .containsOnly(0);
            assertThat(incident.dump()).as("the real database").isEqualTo(before);
            assertThat(incident.db().column("SELECT count(*) FROM pg_database WHERE datname = '"
                    + ScratchDatabase.nameFor(plan.id()) + "'")).as("the scratch copy is dropped").containsExactly("0");
            assertThat(records.text()).doesNotContain(Incident.PASSWORD);
        }
    }

    @Test
    void aPostConditionThatDoesNotHoldFailsThePlanInItsRehearsalWithNothingWritten() {
        try (Incident incident = Incident.create(FixtureForm.LINEAR, "post-condition")) {
            WorkloadRef workload = workload(incident, "post-condition", "linear");
            // the engine's plan without its last upgrade: it writes, then checks a head schema nothing made
            List<Step> steps = new java.util.ArrayList<>(incident.diagnose().steps());
            Step lastUpgrade = steps.stream().filter(s -> s instanceof Step.AlembicUpgrade).reduce((a, b) -> b).orElseThrow();
            steps.remove(lastUpgrade);
            Plan plan = Plans.plan(workload, "linear", incident.diagnose().diagnosis(), steps, null,
                    Instant.now().plusSeconds(3600));
            String before = incident.dump();

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.FAILED);
            assertThat(end.detail()).contains("rehearsal failed", "the real database was not touched");
            assertThat(records.rehearsal()).filteredOn(e -> e.stepIndex() >= 0 && e.status() == ExecutionStatus.FAILED)
                    .extracting(Execution::stepType).containsExactly("verify-postcondition");
            assertThat(records.live()).as("only the read-only precondition ran live").extracting(Execution::stepIndex)
                    .containsOnly(0);
            assertThat(incident.dump()).isEqualTo(before);
        }
    }

    @Test
    void aRoleThatMayNotCreateDatabasesRunsThePlanUnrehearsedAndTheRecordSaysSo() {
        String role = "medic_nocreatedb_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "no createdb")) {
            // the workload's own role: it owns its tables (so it can migrate them) but may not create a database
            incident.db().execute("CREATE ROLE " + role + " LOGIN NOCREATEDB");
            List<String> tables = incident.db().column("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
            incident.db().execute("ALTER SCHEMA public OWNER TO " + role);
            for (String table : tables) {
                incident.db().execute("ALTER TABLE public." + table + " OWNER TO " + role);
            }
            String ns = TestCluster.namespace("no-createdb");
            cluster.secret(ns, "postgresql://" + role + ":" + Incident.PASSWORD + "@" + ThrowawayDatabase.host() + ":"
                    + ThrowawayDatabase.port() + "/" + incident.db().name());
            WorkloadRef workload = cluster.deployment(ns, "basketball-api", AlembicProjects.image("branched"));
            cluster.controller(ns);
            Plan plan = Plans.databaseOnly(incident, workload, "branched");

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.MANUAL));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(end.detail()).contains("not rehearsed");
            assertThat(records.all()).filteredOn(e -> Execution.REHEARSE.equals(e.stepType()))
                    .extracting(Execution::detail).last().asString()
                    .contains("not rehearsed", role + " may not create databases", "grant it CREATEDB");
            assertThat(incident.versionRows()).containsExactly("024");
            assertThat(records.text()).doesNotContain(Incident.PASSWORD);
        } finally {
            try (ThrowawayDatabase admin = new ThrowawayDatabase("drop role").open()) {
                admin.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void aLiveStepThatFailsStopsThePlanAndLaterStepsNeverRun() {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "live failure")) {
            WorkloadRef workload = workload(incident, "unhealthy", "branched");
            int port = cluster.healthServer();
            cluster.healthStatus(503);
            Plan plan = Plans.seed(incident, workload, "branched", port, Duration.ofSeconds(1));

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            int http = plan.steps().size() - 2;
            Execution end = records.finalRecord();
            assertThat(end.outcome()).as(records.text()).isEqualTo(Outcome.FAILED);
            assertThat(end.detail()).contains("step " + http + " (verify-http) failed", "HTTP 503", "later steps did not run");
            assertThat(records.live()).extracting(Execution::stepIndex).doesNotContain(http + 1);
            assertThat(incident.versionRows()).as("the migrations before it stay done").containsExactly("024");
        }
    }

    @Test
    void aPodThatRestartsDuringTheSettlePeriodIsNotARecovery() {
        try (Incident incident = Incident.create(FixtureForm.BRANCHED, "settle")) {
            WorkloadRef workload = workload(incident, "settle", "branched");
            Plan plan = Plans.seed(incident, workload, "branched", cluster.healthServer(), Duration.ofSeconds(3));

            Plans.publish(kafka, plan);
            Plans.publish(kafka, Plans.approval(plan, DecisionMode.AUTOMATIC));
            int await = plan.steps().size() - 3;
            ExecutionRecords.await(kafka, plan.id(), e -> e.phase() == ExecutionPhase.LIVE && e.stepIndex() == await
                    && e.status() == ExecutionStatus.STARTED, WAIT);
            cluster.awaitNewPod(workload);
            cluster.restartNewPods(workload.namespace(), workload.name());
            ExecutionRecords records = ExecutionRecords.awaitFinished(kafka, plan.id(), WAIT);

            assertThat(records.finalRecord().outcome()).as(records.text()).isEqualTo(Outcome.FAILED);
            assertThat(records.finalRecord().detail()).contains("await-rollout", "restarted during the settle period");
            assertThat(List.of(records.finalRecord().detail())).noneMatch(d -> d.contains("verify-http"));
        }
    }
}
