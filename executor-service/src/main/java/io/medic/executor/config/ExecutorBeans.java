package io.medic.executor.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.executor.client.DatabaseSecrets;
import io.medic.executor.client.Databases;
import io.medic.executor.client.HttpProbe;
import io.medic.executor.client.PodLogs;
import io.medic.executor.client.SchemaCopier;
import io.medic.executor.client.Workloads;
import io.medic.executor.client.migration.JobMigrationRunner;
import io.medic.executor.client.migration.LocalMigrationRunner;
import io.medic.executor.client.migration.MigrationRunner;
import io.medic.executor.domain.ConsumedOffsets;
import io.medic.executor.domain.Ledger;
import io.medic.executor.domain.PlanBook;
import io.medic.executor.service.CatchUp;
import io.medic.executor.service.ExecutionReporter;
import io.medic.executor.service.ExecutorMetrics;
import io.medic.executor.service.PlanExecutor;
import io.medic.executor.service.Rehearsal;
import io.medic.executor.service.step.StepExecutor;
import io.medic.executor.service.step.StepRunners;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The executor's plain-Java parts, wired once: the state it rebuilds from topics, the runners, the migration runner. */
public class ExecutorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Ledger ledger() {
        return new Ledger();
    }

    @Produces
    @Singleton
    PlanBook planBook() {
        return new PlanBook();
    }

    @Produces
    @Singleton
    ConsumedOffsets consumedOffsets() {
        return new ConsumedOffsets();
    }

    /** Typed to its class only, so that {@link MigrationRunner} means the configured one. */
    @Produces
    @Singleton
    @Typed(JobMigrationRunner.class)
    JobMigrationRunner jobRunner(KubernetesClient client, Workloads workloads, PodLogs logs, ExecutorConfig config) {
        return new JobMigrationRunner(client, workloads, logs, config);
    }

    @Produces
    @Singleton
    @Typed(LocalMigrationRunner.class)
    LocalMigrationRunner localRunner(ExecutorConfig config) {
        return new LocalMigrationRunner(config.local());
    }

    /** {@code medic.executor.migration-runner}: job (default) or local. */
    @Produces
    @Singleton
    MigrationRunner migrationRunner(ExecutorConfig config, JobMigrationRunner job, LocalMigrationRunner local) {
        return switch (config.migrationRunner()) {
            case JOB -> job;
            case LOCAL -> local;
        };
    }

    @Produces
    @Singleton
    StepExecutor stepExecutor(MigrationRunner runner, Workloads workloads, HttpProbe probe, ExecutionReporter reporter) {
        return new StepExecutor(new StepRunners(runner, workloads, probe), reporter);
    }

    @Produces
    @Singleton
    Rehearsal rehearsal(ExecutorConfig config, Databases databases, SchemaCopier copier, MigrationRunner runner,
                        StepExecutor steps, ExecutionReporter reporter, ExecutorMetrics metrics) {
        return new Rehearsal(config, databases, copier, runner, steps, reporter, metrics);
    }

    @Produces
    @Singleton
    PlanExecutor planExecutor(ExecutorConfig config, CatchUp catchUp, Ledger ledger, PlanBook book, DatabaseSecrets secrets,
                              Databases databases, MigrationRunner runner, StepExecutor steps, Rehearsal rehearsal,
                              ExecutionReporter reporter, ExecutorMetrics metrics, Clock clock) {
        return new PlanExecutor(config, catchUp, ledger, book, secrets, databases, runner, steps, rehearsal, reporter,
                metrics, clock);
    }
}
