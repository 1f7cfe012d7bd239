package io.medic.executor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code medic.executor.*}: how approved plans are executed. Every key can be set as an environment variable
 * ({@code MEDIC_EXECUTOR_DRY_RUN=true}) or a system property; executor-service/README.md describes each.
 */
@ConfigMapping(prefix = "medic.executor")
public interface ExecutorConfig {

    /** Runs every precondition and the rehearsal, reports what it would do, writes nothing real. */
    @WithDefault("false")
    boolean dryRun();

    /** Rehearses the plan's Alembic steps on a scratch copy of the schema before the first write (needs CREATEDB). */
    @WithDefault("true")
    boolean rehearse();

    /** Where {@code alembic upgrade} runs: a Kubernetes Job from the plan's container, or a local process. */
    @WithDefault("job")
    RunnerKind migrationRunner();

    /** How long a plan waits for another executor that holds its database's lock. */
    @WithDefault("PT15M")
    Duration lockWait();

    /** Bytes of captured output kept per record (the end: that is where errors are). */
    @WithDefault("65536")
    int outputMaxBytes();

    /** Plans of different databases executed at the same time. */
    @WithDefault("4")
    int maxConcurrentPlans();

    /** How long the executor waits to have read its topics to their end before it acts on a decision. */
    @WithDefault("PT2M")
    Duration catchUpTimeout();

    Retry retry();

    Job job();

    Local local();

    Rehearsal rehearsal();

    enum RunnerKind { JOB, LOCAL }

    /** Transient errors only (a refused connection, a connect timeout): never SQL or migration errors. */
    interface Retry {
        @WithDefault("4")
        int attempts();

        @WithDefault("PT0.5S")
        Duration initialBackoff();

        @WithDefault("PT8S")
        Duration maxBackoff();
    }

    interface Job {
        /** The Job's activeDeadlineSeconds: Kubernetes stops a migration that runs longer. */
        @WithDefault("PT10M")
        Duration deadline();

        /** The command that is Alembic inside the image; {@code upgrade <target>} follows it. */
        @WithDefault("alembic")
        List<String> alembicCommand();

        /** How often the Job's status is read while waiting. */
        @WithDefault("PT0.5S")
        Duration pollInterval();
    }

    interface Local {
        /** The interpreter that has Alembic (Debian's). */
        @WithDefault("/usr/bin/python3")
        String python();

        /** The Alembic project (the directory holding alembic.ini) of every image not named in {@link #projects}. */
        Optional<Path> project();

        /** The Alembic project per image, by full image reference or by tag. */
        Map<String, Path> projects();

        /** Where each plan's Alembic output, pid and exit files are kept (they outlive a crashed executor). */
        @WithDefault("${java.io.tmpdir}/medic-executor")
        Path workDir();

        /** An {@code alembic upgrade} running longer is stopped and fails. */
        @WithDefault("PT10M")
        Duration timeout();
    }

    interface Rehearsal {
        @WithDefault("pg_dump")
        String pgDump();

        @WithDefault("psql")
        String psql();

        /** A schema copy (pg_dump | psql) running longer fails the rehearsal. */
        @WithDefault("PT5M")
        Duration copyTimeout();
    }
}
