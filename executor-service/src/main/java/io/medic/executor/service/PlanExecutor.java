package io.medic.executor.service;

import io.medic.events.Decision;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.Topics;
import io.medic.executor.client.DatabaseException;
import io.medic.executor.client.DatabaseSecrets;
import io.medic.executor.client.Databases;
import io.medic.executor.client.LedgerException;
import io.medic.executor.client.PgSession;
import io.medic.executor.client.migration.MigrationRunner;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.ApprovalGate;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.Ledger;
import io.medic.executor.domain.LockKey;
import io.medic.executor.domain.PlanCheck;
import io.medic.executor.domain.PlanBook;
import io.medic.executor.domain.PlanProgress;
import io.medic.executor.service.step.Migrations;
import io.medic.executor.service.step.StepExecutor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Executes one approved plan, once, as Strimzi's controllers reconcile one resource: re-read the latest
 * state (the plans and executions topics to their end), take the lock of the plan's database (a
 * session-level PostgreSQL advisory lock held for the whole plan; another replica waits on it), re-read the
 * ledger under the lock, then either refuse the plan, leave it (it finished, here or elsewhere), or run or
 * resume it ({@link PlanRun}).
 */
public final class PlanExecutor {

    private static final Logger LOG = Logger.getLogger(PlanExecutor.class);

    private final ExecutorConfig config;
    private final CatchUp catchUp;
    private final Ledger ledger;
    private final PlanBook book;
    private final DatabaseSecrets secrets;
    private final Databases databases;
    private final MigrationRunner runner;
    private final StepExecutor steps;
    private final Rehearsal rehearsal;
    private final ExecutionReporter reporter;
    private final ExecutorMetrics metrics;
    private final Clock clock;

    public PlanExecutor(ExecutorConfig config, CatchUp catchUp, Ledger ledger, PlanBook book, DatabaseSecrets secrets,
                        Databases databases, MigrationRunner runner, StepExecutor steps, Rehearsal rehearsal,
                        ExecutionReporter reporter, ExecutorMetrics metrics, Clock clock) {
        this.config = config;
        this.catchUp = catchUp;
        this.ledger = ledger;
        this.book = book;
        this.secrets = secrets;
        this.databases = databases;
        this.runner = runner;
        this.steps = steps;
        this.rehearsal = rehearsal;
        this.reporter = reporter;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What became of the attempt: concluded (the plan has its final record), or to be taken up again later. */
    public enum Attempt { CONCLUDED, LEFT }

    public Attempt execute(Plan plan, Decision decision) {
        try {
            catchUp.await(Topics.PLANS);
            catchUp.await(Topics.EXECUTIONS);
            PlanProgress progress = ledger.progress(plan.id());
            if (progress.finished()) {
                LOG.debugf("plan %s already finished %s", plan.id(), progress.outcome().orElseThrow());
                return Attempt.CONCLUDED;
            }
            if (!progress.started() && refused(plan, decision)) {
                return Attempt.CONCLUDED;
            }
            if (plan.steps().isEmpty()) {
                reporter.finished(plan, Outcome.SUCCEEDED, "advice only: nothing to execute", null, List.of());
                return Attempt.CONCLUDED;
            }
            // the database's lock for plans that touch it; cluster-only plans (an image roll-forward) need none
            boolean database = plan.database() != null && plan.steps().stream().anyMatch(PlanCheck::aboutTheDatabase);
            return database ? underLock(plan, decision) : run(plan, decision, null);
        } catch (LedgerException e) {
            LOG.errorf("plan %s stopped: %s; it resumes from the ledger when its decision is read again", plan.id(),
                    e.getMessage());
            return Attempt.LEFT;
        } catch (IllegalStateException e) {
            LOG.errorf("plan %s not executed now: %s", plan.id(), e.getMessage());
            return Attempt.LEFT;
        }
    }

    private boolean refused(Plan plan, Decision decision) {
        Optional<String> refusal = ApprovalGate.refusal(plan, decision, book.supersededBy(plan.id()), clock.instant());
        refusal.ifPresent(reason -> reporter.refused(plan, reason + "; nothing was written"));
        return refusal.isPresent();
    }

    private Attempt underLock(Plan plan, Decision decision) {
        DatabaseUrl url;
        try {
            url = secrets.read(plan.workload().namespace(), plan.database().secret());
        } catch (IllegalStateException e) {
            reporter.finished(plan, Outcome.FAILED, e.getMessage() + "; nothing was written", null, List.of());
            return Attempt.CONCLUDED;
        }
        PgSession session;
        try {
            session = databases.open(url, "live");
        } catch (DatabaseException e) {
            reporter.finished(plan, Outcome.FAILED, e.getMessage() + "; nothing was written", null, url.secrets());
            return Attempt.CONCLUDED;
        }
        long key = LockKey.of(url.target().database(), plan.database().schema());
        try (session) {
            try {
                session.lock(key, config.lockWait());
            } catch (DatabaseException e) {
                if (e.lockTimeout()) {
                    LOG.warnf("plan %s: another executor held the lock of %s for more than %s; leaving the plan to it",
                            plan.id(), url.redacted(), config.lockWait());
                    return Attempt.LEFT;
                }
                throw e;
            }
            // the lock may have been waited for: whoever held it may have run this very plan, or a newer plan came
            catchUp.await(Topics.PLANS);
            catchUp.await(Topics.EXECUTIONS);
            PlanProgress progress = ledger.progress(plan.id());
            if (progress.finished()) {
                LOG.infof("plan %s was executed meanwhile (%s) by another executor; nothing to do", plan.id(),
                        progress.outcome().orElseThrow());
                return Attempt.CONCLUDED;
            }
            if (!progress.started() && refused(plan, decision)) {
                return Attempt.CONCLUDED;
            }
            return run(plan, decision, session);
        } catch (DatabaseException e) {
            reporter.finished(plan, Outcome.FAILED, e.getMessage(), null, url.secrets());
            return Attempt.CONCLUDED;
        }
    }

    private Attempt run(Plan plan, Decision decision, PgSession session) {
        PlanProgress progress = ledger.progress(plan.id());
        boolean dryRun = progress.started() ? progress.dryRun() : config.dryRun();
        if (!progress.started()) {
            reporter.planStarted(plan, dryRun, (dryRun ? "dry run of " : "executing ") + plan.steps().size() + " steps, approved by "
                    + decision.by() + " (" + decision.mode() + ")"
                    + "; migrations run by the " + runner.name() + " runner");
            progress = ledger.progress(plan.id());
        }
        Optional<Migrations> migrations = plan.steps().stream().anyMatch(s -> s instanceof Step.AlembicStamp
                || s instanceof Step.AlembicUpgrade) ? Migrations.read(runner.versionsDirectory(plan)) : Optional.empty();
        new PlanRun(plan, progress, dryRun, session, migrations, steps, rehearsal, reporter, metrics, clock).run();
        return Attempt.CONCLUDED;
    }
}
