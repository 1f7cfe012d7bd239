package io.medic.executor.service;

import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.executor.client.DatabaseException;
import io.medic.executor.client.Databases;
import io.medic.executor.client.LedgerException;
import io.medic.executor.client.PgSession;
import io.medic.executor.client.SchemaCopier;
import io.medic.executor.client.migration.MigrationRunner;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.PlanCheck;
import io.medic.executor.domain.ScratchDatabase;
import io.medic.executor.service.step.Migrations;
import io.medic.executor.service.step.StepContext;
import io.medic.executor.service.step.StepExecutor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rehearses a plan before its first write: a scratch database on the same server gets the live schema
 * (pg_dump --schema-only) and version rows, and no data; the plan's precondition, Alembic steps and
 * post-condition run there with the same runners (the migration runner too: a Job pointed at the copy),
 * then the copy is dropped. Whatever fails there never reaches the real database.
 *
 * <p>Not rehearsed, and said so, when rehearsal is turned off, when the executor's role may not create
 * databases (CREATEDB), or when the migration runner cannot point the migration at a copy.
 */
public final class Rehearsal {

    private static final Logger LOG = Logger.getLogger(Rehearsal.class);

    private final ExecutorConfig config;
    private final Databases databases;
    private final SchemaCopier copier;
    private final MigrationRunner runner;
    private final StepExecutor steps;
    private final ExecutionReporter reporter;
    private final ExecutorMetrics metrics;

    public Rehearsal(ExecutorConfig config, Databases databases, SchemaCopier copier, MigrationRunner runner,
                     StepExecutor steps, ExecutionReporter reporter, ExecutorMetrics metrics) {
        this.config = config;
        this.databases = databases;
        this.copier = copier;
        this.runner = runner;
        this.steps = steps;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /** How the rehearsal ended. */
    public sealed interface Result {
        record Rehearsed(String detail) implements Result {
        }

        record NotRehearsed(String reason) implements Result {
        }

        record Failed(String detail, String output) implements Result {
            Failed(String detail) {
                this(detail, "");
            }
        }

        /** The live database changed since the precondition was checked (the copy shows it). */
        record Stale(String detail) implements Result {
        }
    }

    public Result run(Plan plan, PgSession live, Optional<Migrations> migrations) {
        List<String> secrets = live.url().secrets();
        Optional<String> skip = !config.rehearse() ? Optional.of("medic.executor.rehearse=false")
                : runner.cannotRehearse(plan);
        if (skip.isPresent()) {
            return notRehearsed(plan, skip.get(), reporter.now(), secrets);
        }
        String scratch = ScratchDatabase.nameFor(plan.id());
        Instant startedAt = reporter.started(plan, ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE,
                "rehearsing on scratch database " + scratch + " (schema and version rows of the live database, no data)",
                secrets);
        try {
            live.dropScratchDatabase(scratch);
            live.createScratchDatabase(scratch);
        } catch (DatabaseException e) {
            if (e.insufficientPrivilege()) {
                return notRehearsed(plan, "the role " + live.url().target().user()
                        + " may not create databases (grant it CREATEDB to rehearse)", startedAt, secrets);
            }
            return failed(plan, "cannot create the scratch database: " + e.getMessage(), startedAt, secrets);
        }
        DatabaseUrl scratchUrl = live.url().withDatabase(scratch);
        try {
            Result result = rehearse(plan, live, scratchUrl, migrations, scratch);
            String status = switch (result) {
                case Result.Rehearsed r -> "succeeded";
                case Result.Failed f -> "failed";
                case Result.Stale s -> "stale";
                case Result.NotRehearsed n -> "not-rehearsed";
            };
            metrics.rehearsal(status);
            ExecutionStatus recorded = result instanceof Result.Rehearsed ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
            reporter.ended(plan, ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE, recorded, status,
                    detail(result), result instanceof Result.Failed f ? f.output() : "", startedAt, secrets);
            return result;
        } finally {
            try {
                live.dropScratchDatabase(scratch);
            } catch (RuntimeException e) {
                LOG.warnf("cannot drop scratch database %s: %s", scratch, e.getMessage());
            }
        }
    }

    private Result rehearse(Plan plan, PgSession live, DatabaseUrl scratchUrl, Optional<Migrations> migrations,
                            String scratch) {
        String schema = plan.database().schema();
        try (PgSession copy = databases.open(scratchUrl, "rehearsal")) {
            copier.copy(live.url(), scratchUrl);
            live.versionRows(schema).ifPresent(rows -> copy.insertVersionRows(schema, rows));
            int run = 0;
            for (int i = 0; i < plan.steps().size(); i++) {
                Step step = plan.steps().get(i);
                if (!PlanCheck.aboutTheDatabase(step)) {
                    continue;
                }
                StepContext context = new StepContext(plan, ExecutionPhase.REHEARSAL, i, copy, false, null, migrations);
                StepExecutor.Ended ended = steps.run(step, context, Optional.empty());
                switch (ended.end()) {
                    case DONE, SKIPPED -> run++;
                    case STALE -> {
                        if (step instanceof Step.VerifyPrecondition pre && liveStillMatches(live, schema, pre)) {
                            return new Result.Failed("the scratch copy differs from the live database, which still "
                                    + "matches the plan: " + ended.detail());
                        }
                        return step instanceof Step.VerifyPrecondition
                                ? new Result.Stale("the live database changed since its precondition was checked: " + ended.detail())
                                : new Result.Failed("step " + i + " (" + step.type().wireName() + ") on the copy: " + ended.detail());
                    }
                    case FAILED -> {
                        return new Result.Failed("step " + i + " (" + step.type().wireName() + ") failed on the copy: "
                                + ended.detail(), ended.output());
                    }
                }
            }
            return new Result.Rehearsed(run + " step(s) ran on scratch database " + scratch + ": the plan works on the live schema");
        } catch (LedgerException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Result.Failed("cannot prepare the scratch copy: " + e.getMessage());
        }
    }

    private static boolean liveStillMatches(PgSession live, String schema, Step.VerifyPrecondition pre) {
        SchemaSnapshot snapshot = live.snapshot(schema);
        List<String> rows = new ArrayList<>(snapshot.versionRows());
        return rows.equals(pre.versionRows().stream().sorted().toList())
                && snapshot.fingerprint().equals(pre.schemaFingerprint());
    }

    private Result notRehearsed(Plan plan, String reason, Instant startedAt, List<String> secrets) {
        metrics.rehearsal("not-rehearsed");
        reporter.ended(plan, ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE, ExecutionStatus.SKIPPED,
                "not-rehearsed", "not rehearsed: " + reason, "", startedAt, secrets);
        return new Result.NotRehearsed(reason);
    }

    private Result failed(Plan plan, String detail, Instant startedAt, List<String> secrets) {
        metrics.rehearsal("failed");
        reporter.ended(plan, ExecutionPhase.REHEARSAL, Execution.WHOLE_PLAN, Execution.REHEARSE, ExecutionStatus.FAILED,
                "failed", detail, "", startedAt, secrets);
        return new Result.Failed(detail);
    }

    private static String detail(Result result) {
        return switch (result) {
            case Result.Rehearsed r -> r.detail();
            case Result.NotRehearsed n -> "not rehearsed: " + n.reason();
            case Result.Failed f -> f.detail();
            case Result.Stale s -> s.detail();
        };
    }
}
