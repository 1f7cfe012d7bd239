package io.medic.notifier;

import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Links;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Risk;
import io.medic.events.SecretKeyRef;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.Step;
import io.medic.events.Termination;
import io.medic.events.Verdict;
import io.medic.events.WorkloadRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed incident (basketball-api#183) as the four topics tell it: the detector's signal, the planner's
 * plan around the engine's real prescription for the incident's database (linearized chain: stamped 018,
 * 020's column present; {@code seed/prescription.json} is {@code bin/medic diagnose --format json} on it),
 * the automatic approval, and the executor's records of a rehearsed, successful run.
 */
public final class SeedIncident {

    public static final Instant FIRST_CRASH = Instant.parse("2026-03-27T05:41:07Z");
    public static final String ISSUE = "forgejo_admin/basketball-api#183";
    public static final WorkloadRef WORKLOAD = new WorkloadRef("basketball-api", "Deployment", "basketball-api");
    public static final ContainerRef CONTAINER = new ContainerRef("api", ContainerKind.APP,
            "registry.local/basketball-api:15f3047", "15f3047", "basketball-api-7d9f8c6b5-x2x9q", null);
    public static final String LOG = """
            INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.
            INFO  [alembic.runtime.migration] Will assume transactional DDL.
            INFO  [alembic.runtime.migration] Running upgrade 018 -> 020, player custom notes
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/sqlalchemy/engine/base.py", line 1900, in _execute_context
                self.dialect.do_execute(
            psycopg2.errors.DuplicateColumn: column "custom_notes" of relation "players" already exists

            sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "custom_notes" of relation "players" already exists
            [SQL: ALTER TABLE players ADD COLUMN custom_notes TEXT]
            (Background on this error at: https://sqlalche.me/e/14/f405)
            """;

    private SeedIncident() {
    }

    public static Signal signal() {
        return signal("inc-4f1c2a9e0b7d", ISSUE, LOG);
    }

    public static Signal signal(String incidentId, String issue, String log) {
        return new Signal(incidentId, 1, SignalKind.OPENED, WORKLOAD, "7d9f8c6b5", CONTAINER,
                new Termination(1, "Error", FIRST_CRASH.plusSeconds(40)), 2,
                new SignatureMatch("db.duplicate-column", 1, "high", Map.of("table", "players", "column", "custom_notes")),
                log, List.of("Warning BackOff: Back-off restarting failed container api in pod basketball-api-7d9f8c6b5-x2x9q"),
                new Links(issue, new SecretKeyRef("basketball-db", "url"), "git:http://git.local/basketball-api.git#alembic/versions"),
                FIRST_CRASH, FIRST_CRASH.plusSeconds(41));
    }

    /** The engine's diagnosis and steps for the seed database, as {@code bin/medic diagnose --format json} prints them. */
    static Prescription prescription() {
        try (InputStream in = SeedIncident.class.getResourceAsStream("/seed/prescription.json")) {
            return EventCodec.decode(in.readAllBytes(), Prescription.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Prescription(Diagnosis diagnosis, List<Step> steps) {
    }

    public static Plan plan() {
        return plan("plan-7c1e5f0a9b2d", "inc-4f1c2a9e0b7d", null, at(42, 200));
    }

    public static Plan plan(String id, String incidentId, String supersedes, Instant createdAt) {
        Prescription engine = prescription();
        List<Step> steps = new ArrayList<>(engine.steps().subList(0, engine.steps().size() - 1));
        steps.add(new Step.RestartWorkload(WORKLOAD));
        steps.add(new Step.AwaitRollout(WORKLOAD, Duration.ofMinutes(5), Duration.ofSeconds(20)));
        steps.add(new Step.VerifyHttp(WORKLOAD, 8000, "/health", 200, Duration.ofSeconds(30)));
        steps.add(engine.steps().get(engine.steps().size() - 1));
        return new Plan(id, incidentId, WORKLOAD, CONTAINER, new DatabaseRef(new SecretKeyRef("basketball-db", "url"), "public"),
                "alembic-drift", Risk.MEDIUM, "run 019 alone, stamp 020, upgrade to head", engine.diagnosis(), steps,
                supersedes, FIRST_CRASH, createdAt, createdAt.plus(Duration.ofMinutes(30)), null).sealed();
    }

    /** 019 half done by hand: the engine refuses and names the blocker. */
    public static Plan needsHumanPlan(String id, String supersedes, Instant createdAt) {
        Diagnosis engine = prescription().diagnosis();
        List<RevisionRow> rows = engine.revisions().stream().map(r -> r.revision().equals("019")
                ? new RevisionRow("019", r.file(), r.summary(), RevisionState.PARTIAL,
                List.of("present: table player_teams", "absent: index ix_player_teams_team_id"))
                : r).toList();
        Blocker blocker = new Blocker.PartiallyApplied("019", List.of("table player_teams"),
                List.of("index ix_player_teams_team_id is absent"));
        Diagnosis diagnosis = new Diagnosis(Verdict.NEEDS_HUMAN, blocker.text(), List.of("018"), List.of("024"), rows,
                List.of(blocker), List.of(), List.of());
        return new Plan(id, "inc-4f1c2a9e0b7d", WORKLOAD, CONTAINER, new DatabaseRef(new SecretKeyRef("basketball-db", "url"), "public"),
                "alembic-drift", Risk.NONE, "019 is only partly applied", diagnosis, List.of(), supersedes, FIRST_CRASH,
                createdAt, createdAt.plus(Duration.ofMinutes(30)), null).sealed();
    }

    public static Decision automaticApproval(Plan plan) {
        return new Decision(plan.id(), DecisionKind.APPROVE, DecisionMode.AUTOMATIC, "medic-auto", plan.digest(),
                "risk MEDIUM is within the policy", "max-risk=MEDIUM (medic.planner.auto-approve)", at(42, 350));
    }

    public static Decision rejection(Plan plan) {
        return new Decision(plan.id(), DecisionKind.REJECT, DecisionMode.MANUAL, "alice", plan.digest(),
                "not during the game tonight, I will run it tomorrow", null, at(300, 0));
    }

    /** Rehearsal of the Alembic steps on a scratch copy, then every step live, then the final record. */
    public static List<Execution> recovered(Plan plan) {
        List<Execution> records = new ArrayList<>(rehearsal(plan, true));
        long[][] live = {{52700, 52800}, {52800, 54100}, {54100, 54200}, {54200, 56000}, {56000, 56100},
                {56100, 98000}, {98100, 98200}, {98200, 98400}};
        String[] details = {"version table {018}; schema fingerprint 91e9af229077 as planned", "alembic upgrade 019",
                "version table {019} -> {020}", "alembic upgrade head", "restartedAt annotation set; new ReplicaSet basketball-api-5f6d7c8b9",
                "1/1 pods Ready; restart count steady for 20 s", "GET /health answered 200 in 14 ms (1 pod)",
                "version table {024}; schema equals head (11 tables)"};
        String[] outputs = {"", "INFO  [alembic.runtime.migration] Running upgrade 018 -> 019, player teams", "",
                "INFO  [alembic.runtime.migration] Running upgrade 020 -> 021, oauth tokens\n"
                        + "INFO  [alembic.runtime.migration] Running upgrade 021 -> 022, merge heads\n"
                        + "INFO  [alembic.runtime.migration] Running upgrade 022 -> 023, backfill jersey from orders\n"
                        + "INFO  [alembic.runtime.migration] Running upgrade 023 -> 024, player is public", "", "", "", ""};
        for (int i = 0; i < plan.steps().size(); i++) {
            String type = plan.steps().get(i).type().wireName();
            records.add(new Execution(plan.id(), ExecutionPhase.LIVE, i, type, ExecutionStatus.STARTED, null,
                    plan.steps().get(i).describe(), "", at(0, live[i][0]), at(0, live[i][0])));
            records.add(new Execution(plan.id(), ExecutionPhase.LIVE, i, type, ExecutionStatus.SUCCEEDED, null,
                    details[i], outputs[i], at(0, live[i][0]), at(0, live[i][1])));
        }
        records.add(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                Outcome.SUCCEEDED, "8 steps; the workload recovered", "", at(0, 49500), at(0, 98500)));
        return records;
    }

    /** The rehearsal passes, then the live stamp fails. */
    public static List<Execution> failedAtStamp(Plan plan) {
        List<Execution> records = new ArrayList<>(rehearsal(plan, true));
        records.add(live(plan, 0, ExecutionStatus.SUCCEEDED, 52700, 52800, "version table {018} as planned", ""));
        records.add(live(plan, 1, ExecutionStatus.SUCCEEDED, 52800, 54100, "alembic upgrade 019",
                "INFO  [alembic.runtime.migration] Running upgrade 018 -> 019, player teams"));
        records.add(live(plan, 2, ExecutionStatus.FAILED, 54100, 59100, "the version table lock was not granted within 5 s",
                "ERROR: canceling statement due to lock timeout\nCONTEXT: while locking relation \"alembic_version\"\n"
                        + "connection to postgresql://basketball:hunter2@db.basketball-api:5432/basketball lost"));
        records.add(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                Outcome.FAILED, "step 3 (alembic-stamp) failed; the stamp was rolled back", "", at(0, 49500), at(0, 59200)));
        return records;
    }

    /** The version table changed after planning: the precondition stops the plan. */
    public static List<Execution> stale(Plan plan) {
        List<Execution> records = new ArrayList<>();
        records.add(live(plan, 0, ExecutionStatus.FAILED, 49500, 49600,
                "the version table is {019}, the plan expects {018}", ""));
        records.add(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                Outcome.STALE, "the database changed after the plan was made: version table {019}, expected {018}", "",
                at(0, 49500), at(0, 49700)));
        return records;
    }

    private static List<Execution> rehearsal(Plan plan, boolean passes) {
        List<Execution> records = new ArrayList<>();
        records.add(new Execution(plan.id(), ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE,
                ExecutionStatus.STARTED, null, "scratch database medic_rehearsal_7c1e5f0a", "", at(0, 49500), at(0, 49500)));
        long t = 49600;
        for (int i : new int[]{0, 1, 2, 3, 7}) {
            records.add(new Execution(plan.id(), ExecutionPhase.REHEARSAL, i, plan.steps().get(i).type().wireName(),
                    ExecutionStatus.SUCCEEDED, null, plan.steps().get(i).describe(), "", at(0, t), at(0, t + 500)));
            t += 600;
        }
        records.add(new Execution(plan.id(), ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE,
                passes ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED, null, "rehearsed on a scratch copy", "",
                at(0, 49500), at(0, 52600)));
        return records;
    }

    private static Execution live(Plan plan, int index, ExecutionStatus status, long startMs, long endMs, String detail,
                                  String output) {
        return new Execution(plan.id(), ExecutionPhase.LIVE, index, plan.steps().get(index).type().wireName(), status,
                null, detail, output, at(0, startMs), at(0, endMs));
    }

    /** FIRST_CRASH + seconds + milliseconds. */
    static Instant at(long seconds, long millis) {
        return FIRST_CRASH.plusSeconds(seconds).plusMillis(millis);
    }
}
