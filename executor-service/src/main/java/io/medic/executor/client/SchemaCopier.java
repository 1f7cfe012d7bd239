package io.medic.executor.client;

import io.medic.doctor.schema.DatabaseTarget;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.CapturedOutput;
import io.medic.executor.domain.DatabaseUrl;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies a database's schema, without its rows, into another database on the same server:
 * {@code pg_dump --schema-only} of the live database, then {@code psql --single-transaction} into the copy.
 * Host, port, user and database travel as arguments, the password only as PGPASSWORD in the child's
 * environment (never in {@code ps}); the dump file is private to the executor's user and deleted after.
 */
@ApplicationScoped
public class SchemaCopier {

    private final String pgDump;
    private final String psql;
    private final Duration timeout;

    public SchemaCopier(ExecutorConfig config) {
        this.pgDump = config.rehearsal().pgDump();
        this.psql = config.rehearsal().psql();
        this.timeout = config.rehearsal().copyTimeout();
    }

    /** @throws IllegalStateException with pg_dump's or psql's own (redacted) message */
    public void copy(DatabaseUrl from, DatabaseUrl to) {
        Path dump = null;
        try {
            dump = Files.createTempFile("medic-schema-", ".sql",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            run(from, List.of(pgDump, "--schema-only", "--no-owner", "--no-privileges", "--no-comments",
                    "--no-publications", "--no-subscriptions", "--no-security-labels", "--no-tablespaces",
                    "--file", dump.toString()), "pg_dump");
            run(to, List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "--output", "/dev/null",
                    "--file", dump.toString()),
                    "psql");
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the schema: " + e.getMessage(), e);
        } finally {
            if (dump != null) {
                try {
                    Files.deleteIfExists(dump);
                } catch (IOException ignored) {
                    // a temp file of the executor's user only
                }
            }
        }
    }

    private void run(DatabaseUrl database, List<String> tool, String name) throws IOException {
        DatabaseTarget target = database.target();
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of("--host", target.host(), "--port", Integer.toString(target.port()),
                "--username", target.user(), "--no-password", "--dbname", target.database()));
        Path errors = Files.createTempFile("medic-schema-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(errors.toFile());
            builder.environment().remove("PGPASSWORD");
            builder.environment().remove("DATABASE_URL");
            if (target.password() != null) {
                builder.environment().put("PGPASSWORD", target.password());
            }
            builder.environment().put("PGAPPNAME", "medic-executor rehearsal");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + "s");
            }
            if (process.exitValue() != 0) {
                String output = CapturedOutput.of(Files.readString(errors), 4096, database.secrets()).strip();
                throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
