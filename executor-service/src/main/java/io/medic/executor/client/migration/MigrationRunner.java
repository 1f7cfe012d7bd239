package io.medic.executor.client.migration;

import io.medic.events.Plan;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs {@code alembic upgrade <target>} for a plan: inside the workload's own image as a Kubernetes Job
 * ({@link JobMigrationRunner}), or as a local process ({@link LocalMigrationRunner}, for the sandbox and
 * tests). Chosen by {@code medic.executor.migration-runner}.
 */
public interface MigrationRunner {

    /** {@code job} or {@code local}. */
    String name();

    /** The revision files the migration will run, when this runner can read them (to re-derive the steps). */
    Optional<Path> versionsDirectory(Plan plan);

    /** Why this runner cannot run the plan's migrations against a scratch copy, if it cannot. */
    Optional<String> cannotRehearse(Plan plan);

    /**
     * An attempt of this task left by an executor that died during it: waits for it to end if it still runs
     * (a Job, an orphaned process), and says how it ended. Empty when there is none, or its end is unknown.
     */
    Optional<MigrationRun> previousAttempt(MigrationTask task);

    /** Runs the upgrade and waits for it. A failure to start it is a failed run, with the reason. */
    MigrationRun upgrade(MigrationTask task);
}
