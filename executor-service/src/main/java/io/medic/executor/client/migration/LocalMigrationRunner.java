package io.medic.executor.client.migration;

import io.medic.events.ContainerRef;
import io.medic.events.Digests;
import io.medic.events.Plan;
import io.medic.executor.config.ExecutorConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code /usr/bin/python3 -m alembic -c <project>/alembic.ini upgrade <target>} as a local process, with
 * the database URL in its environment as {@code DATABASE_URL} (never on its command line): the same command
 * the Job runner runs in the image, for the sandbox and tests. The project comes from configuration, per
 * image (or tag), else the default one.
 *
 * <p>Each attempt appends Alembic's output to {@code <work-dir>/<plan>/<phase><step>.log} and the process
 * writes its exit status to a {@code .exit} file itself (through {@code /bin/sh}, arguments passed as
 * {@code "$@"}, never as a script text): killed with kill -9, the executor leaves Alembic running like a Job
 * would run on; the next executor finds its pid, waits for it, and reads how it ended.
 */
public final class LocalMigrationRunner implements MigrationRunner {

    private static final Logger LOG = Logger.getLogger(LocalMigrationRunner.class);
    /** $0 is the exit file; the rest is the command, run as is. */
    private static final String WRAPPER = "\"$@\"; s=$?; echo $s > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; exit $s";

    private final ExecutorConfig.Local config;

    public LocalMigrationRunner(ExecutorConfig.Local config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "local";
    }

    /** The Alembic project of the plan's image: by full image, by tag, else the default. */
    Optional<Path> project(Plan plan) {
        ContainerRef container = plan.migrationContainer();
        Map<String, Path> projects = config.projects();
        if (container != null) {
            Path byImage = projects.get(container.image());
            if (byImage != null) {
                return Optional.of(byImage);
            }
            String tag = container.tag() != null ? container.tag() : ContainerRef.tagOf(container.image());
            if (tag != null && projects.containsKey(tag)) {
                return Optional.of(projects.get(tag));
            }
        }
        return config.project();
    }

    @Override
    public Optional<Path> versionsDirectory(Plan plan) {
        return project(plan).map(p -> p.resolve("versions")).filter(Files::isDirectory);
    }

    @Override
    public Optional<String> cannotRehearse(Plan plan) {
        return Optional.empty();
    }

    private Path directory(MigrationTask task) throws IOException {
        Path dir = config.workDir().resolve(Digests.shortSha256Hex(task.plan().id(), 16));
        Files.createDirectories(dir);
        return dir;
    }

    @Override
    public Optional<MigrationRun> previousAttempt(MigrationTask task) {
        try {
            Path dir = directory(task);
            Path pidFile = dir.resolve(task.attemptName() + ".pid");
            Path exitFile = dir.resolve(task.attemptName() + ".exit");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("sh")).orElse(false));
            if (running.isPresent()) {
                LOG.infof("an alembic upgrade of plan %s (pid %d) outlived the executor that started it; waiting for it",
                        task.plan().id(), pid);
                try {
                    running.get().onExit().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    running.get().descendants().forEach(ProcessHandle::destroyForcibly);
                    running.get().destroyForcibly();
                    return Optional.of(new MigrationRun(false, log(dir, task), "the alembic upgrade left running by the "
                            + "previous executor did not end within " + config.timeout().toSeconds() + "s; stopped"));
                }
            }
            if (!Files.exists(exitFile)) {
                return Optional.empty();
            }
            int exit = Integer.parseInt(Files.readString(exitFile).strip());
            return Optional.of(new MigrationRun(exit == 0, log(dir, task), "alembic exited " + exit
                    + " (an attempt started before the executor restarted)"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        }
    }

    @Override
    public MigrationRun upgrade(MigrationTask task) {
        Optional<Path> project = project(task.plan());
        if (project.isEmpty() || !Files.isRegularFile(project.get().resolve("alembic.ini"))) {
            return new MigrationRun(false, "", "no Alembic project is configured for image "
                    + (task.plan().migrationContainer() == null ? "(none)" : task.plan().migrationContainer().image())
                    + " (medic.executor.local.projects or medic.executor.local.project)");
        }
        Path dir;
        try {
            dir = directory(task);
            Files.deleteIfExists(dir.resolve(task.attemptName() + ".exit"));
            Files.deleteIfExists(dir.resolve(task.attemptName() + ".pid"));
        } catch (IOException e) {
            return new MigrationRun(false, "", "cannot prepare " + config.workDir() + ": " + e.getMessage());
        }
        Path logFile = dir.resolve(task.attemptName() + ".log");
        Path exitFile = dir.resolve(task.attemptName() + ".exit");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, exitFile.toString(),
                config.python(), "-m", "alembic", "-c", project.get().resolve("alembic.ini").toString(),
                "upgrade", task.target()));
        try {
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.get().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().remove("PGPASSWORD");
            builder.environment().put("DATABASE_URL", task.database().reveal());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            builder.environment().put("PYTHONUNBUFFERED", "1");
            Process process = builder.start();
            Files.writeString(dir.resolve(task.attemptName() + ".pid"), Long.toString(process.pid()));
            boolean ended = process.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new MigrationRun(false, since(logFile, offset), "alembic upgrade " + task.target()
                        + " did not finish within " + config.timeout().toSeconds() + "s; stopped");
            }
            int exit = process.exitValue();
            return new MigrationRun(exit == 0, since(logFile, offset), "alembic upgrade " + task.target() + " exited " + exit);
        } catch (IOException e) {
            return new MigrationRun(false, "", "cannot run " + config.python() + " -m alembic: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MigrationRun(false, "", "interrupted while alembic upgrade " + task.target() + " ran");
        }
    }

    private static String log(Path dir, MigrationTask task) throws IOException {
        Path file = dir.resolve(task.attemptName() + ".log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String since(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

}
