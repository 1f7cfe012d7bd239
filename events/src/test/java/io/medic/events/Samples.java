package io.medic.events;

import io.medic.events.schema.ColumnShape;
import io.medic.events.schema.ForeignKeyShape;
import io.medic.events.schema.IndexShape;
import io.medic.events.schema.KeyShape;
import io.medic.events.schema.SchemaShape;
import io.medic.events.schema.TableShape;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fixed example of every event, taken from the basketball-api incident. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-03-27T05:41:07Z");
    static final WorkloadRef WORKLOAD = new WorkloadRef("basketball-api", "Deployment", "basketball-api");
    static final ContainerRef CONTAINER = new ContainerRef("api", ContainerKind.APP,
            "registry.local/basketball-api:15f3047", "15f3047", "basketball-api-7d9f8c6b5-x2x9q", null);

    static Signal signal() {
        return new Signal("inc-4f1c2a9e0b7d", 1, SignalKind.OPENED, WORKLOAD, "7d9f8c6b5", CONTAINER,
                new Termination(1, "Error", T0), 2,
                new SignatureMatch("db.duplicate-column", 1, "high", Map.of("table", "players", "column", "custom_notes")),
                "psycopg2.errors.DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists",
                List.of("Warning BackOff: Back-off restarting failed container api"),
                new Links("forgejo_admin/basketball-api#183", new SecretKeyRef("basketball-db", "url"), "/app/alembic/versions"),
                T0, T0.plusMillis(850));
    }

    static SchemaShape headSchema() {
        return new SchemaShape(List.of(new TableShape("players",
                List.of(new ColumnShape("id", "integer", false), new ColumnShape("custom_notes", "text", true)),
                new KeyShape("players_pkey", List.of("id")),
                List.of(new IndexShape("ix_players_name", List.of("name"), false)),
                List.of(new KeyShape(null, List.of("email"))),
                List.of(new ForeignKeyShape(null, List.of("team_id"), "teams", List.of("id"), "CASCADE")))));
    }

    static Diagnosis diagnosis() {
        return new Diagnosis(Verdict.AUTO_PLAN, "020 ran out of order; 019, 021, 022, 023, 024 are missing",
                List.of("018"), List.of("024"),
                List.of(new RevisionRow("018", "018_groupme_outbox.py", "creates groupme_groups, outbox",
                                RevisionState.APPLIED, List.of()),
                        new RevisionRow("019", "019_player_teams.py", "creates player_teams", RevisionState.MISSING,
                                List.of("table player_teams is absent")),
                        new RevisionRow("020", "020_custom_notes.py", "adds players.custom_notes",
                                RevisionState.PRESENT_UNSTAMPED, List.of("column players.custom_notes exists")),
                        new RevisionRow("023", "023_backfill_jersey.py", "data migration UPDATE players SET jersey ...",
                                RevisionState.UNVERIFIABLE_MISSING,
                                List.of("not stamped and nothing after it is present: treated as not run"))),
                List.of(), List.of("019 runs alone first: stamping 020 would imply it"), List.of());
    }

    static Diagnosis needsHuman() {
        return new Diagnosis(Verdict.NEEDS_HUMAN, "revision 019 is only partly applied", List.of("018"),
                List.of("024"), List.of(new RevisionRow("019", "019_player_teams.py", "creates player_teams",
                RevisionState.PARTIAL, List.of("present: table player_teams", "not as it makes it: index ix_pt"))),
                List.of(new Blocker.PartiallyApplied("019", List.of("table player_teams"), List.of("index ix_pt is absent")),
                        new Blocker.Unverifiable("023", "data migration", "the version table does not imply it")),
                List.of(), List.of("there is no alembic_version table in schema audit"));
    }

    static final DatabaseRef DATABASE = new DatabaseRef(new SecretKeyRef("basketball-db", "url"), "public");

    static Plan plan() {
        SchemaShape head = headSchema();
        List<Step> steps = List.of(new Step.VerifyPrecondition(List.of("018"), "9f86d081884c7d659a2feaa0c55ad015"),
                new Step.AlembicUpgrade("019", List.of("018"), List.of("019"), List.of("019")),
                new Step.AlembicStamp(List.of("020"), false, List.of("019"), List.of("020")),
                new Step.AlembicUpgrade("head", List.of("020"), List.of("021", "022", "023", "024"), List.of("024")),
                new Step.RestartWorkload(WORKLOAD),
                new Step.AwaitRollout(WORKLOAD, Duration.ofMinutes(5), Duration.ofSeconds(20)),
                new Step.VerifyHttp(WORKLOAD, 8000, "/health", 200, Duration.ofSeconds(30)),
                new Step.VerifyPostcondition(List.of("024"), head, head.fingerprint()));
        return new Plan("plan-0b5e7c1d", "inc-4f1c2a9e0b7d", WORKLOAD, CONTAINER, DATABASE, "alembic-drift",
                Risk.MEDIUM, "run 019 alone, stamp 020, upgrade to head", diagnosis(), steps, null, T0,
                T0.plusSeconds(2), T0.plusSeconds(3602), null).sealed();
    }

    static Plan needsHumanPlan() {
        return new Plan("plan-5a5a5a", "inc-4f1c2a9e0b7d", WORKLOAD, CONTAINER, DATABASE, "alembic-drift", Risk.NONE,
                "revision 019 is only partly applied", needsHuman(), List.of(), "plan-0b5e7c1d", T0,
                T0.plusSeconds(600), T0.plusSeconds(2400), null).sealed();
    }

    static Plan imageDriftPlan() {
        Diagnosis diagnosis = new Diagnosis(Verdict.AUTO_PLAN,
                "the database is at 018, which image 737093f does not know; 15f3047 is the newest commit that has it",
                List.of("018"), List.of("017"), List.of(), List.of(),
                List.of("commit 15f3047 is the newest whose migrations contain 018"), List.of());
        return new Plan("plan-77aa01", "inc-0c0ffee", WORKLOAD, CONTAINER, null, "image-drift", Risk.HIGH,
                "roll basketball-api forward to 15f3047", diagnosis,
                List.of(new Step.RollForwardImage(WORKLOAD, "api", "registry.local/basketball-api:737093f",
                        "registry.local/basketball-api:15f3047")), null, T0, T0, T0.plusSeconds(1800), null).sealed();
    }

    static Decision decision() {
        return new Decision("plan-0b5e7c1d", DecisionKind.APPROVE, DecisionMode.MANUAL, "alice", plan().digest(),
                "looks right", null, T0.plusSeconds(60));
    }

    static Decision automaticDecision() {
        return new Decision("plan-0b5e7c1d", DecisionKind.APPROVE, DecisionMode.AUTOMATIC, "medic-auto",
                plan().digest(), "risk MEDIUM is within the policy", "max-risk=MEDIUM (medic.planner.auto-approve)",
                T0.plusSeconds(3));
    }

    static Execution execution() {
        return new Execution("plan-0b5e7c1d", ExecutionPhase.LIVE, 2, "alembic-stamp", ExecutionStatus.SUCCEEDED,
                null, "alembic stamp 020", "version table {019} -> {020}", T0.plusSeconds(74), T0.plusSeconds(75));
    }

    static Execution finished() {
        return new Execution("plan-0b5e7c1d", ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null,
                ExecutionStatus.FINISHED, Outcome.SUCCEEDED, "8 steps", "", T0.plusSeconds(70), T0.plusSeconds(140));
    }

    static DeadLetter deadLetter() {
        return new DeadLetter("planner", "medic.signals", 0, 42L, "basketball-api/basketball-api",
                Map.of("ce_type", "medic.signal.v1"), "{\"incidentId\":".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "not valid JSON: Unexpected end-of-input", T0.plusSeconds(1));
    }
}
