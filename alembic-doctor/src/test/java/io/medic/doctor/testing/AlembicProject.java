package io.medic.doctor.testing;

import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of a fixture Alembic project bound to one {@link ThrowawayDatabase}, driven with
 * REAL Alembic ({@code /usr/bin/python3 -m alembic}, the Debian interpreter that has it). Tests may
 * change the copy. Alembic always gets an argument list (never a shell) with {@code -c <copy>/alembic.ini}
 * and {@code -x url=<database>}; the URL carries no password (libpq reads PGPASSWORD itself).
 */
public final class AlembicProject {

    /** The Debian interpreter: the {@code python3} on PATH may be another one without Alembic. */
    public static final String PYTHON = "/usr/bin/python3";

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path directory;
    private final ThrowawayDatabase database;

    private AlembicProject(Path directory, ThrowawayDatabase database) {
        this.directory = directory;
        this.database = database;
    }

    /** Copies the fixture form into {@code parent}/{@code form} and binds it to {@code database}. */
    public static AlembicProject copyOf(FixtureForm form, Path parent, ThrowawayDatabase database) {
        Path source = fixtureDirectory(form);
        Path target = parent.resolve(form.toString());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().contains("__pycache__")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy fixture " + form + " to " + target, e);
        }
        return new AlembicProject(target, database);
    }

    /**
     * A real project's vendored history ({@code src/test/resources/corpus/<name>}: its {@code versions/} and any
     * stand-in modules it imports) with the basketball fixture's generic configuration (alembic.ini, env.py,
     * script.py.mako), copied into {@code parent}/{@code name} and bound to {@code database}.
     */
    public static AlembicProject copyOfCorpus(String name, Path parent, ThrowawayDatabase database) {
        Path target = parent.resolve(name);
        copyTree(corpusDirectory(name), target, file -> !file.getFileName().toString().equals("LICENSE")
                && !file.getFileName().toString().equals("NOTE.md"));
        Path generic = fixtureDirectory(FixtureForm.LINEAR);
        for (String file : List.of("alembic.ini", "env.py", "script.py.mako")) {
            try {
                Files.copy(generic.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + file + " to " + target, e);
            }
        }
        return new AlembicProject(target, database);
    }

    /** {@code alembic-doctor/src/test/resources/corpus/<name>}, found from the working directory upwards. */
    public static Path corpusDirectory(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/test/resources/corpus").resolve(name),
                    dir.resolve("alembic-doctor/src/test/resources/corpus").resolve(name))) {
                if (Files.isDirectory(candidate.resolve("versions"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("corpus " + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static void copyTree(Path source, Path target, java.util.function.Predicate<Path> wanted) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().contains("__pycache__") || !wanted.test(file)) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    /**
     * Where the fixture form lies: {@code examples/basketball-api/<form>} of this checkout, found from the
     * working directory upwards (tests run in their module's directory).
     */
    public static Path fixtureDirectory(FixtureForm form) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve("basketball-api").resolve(form.toString());
            if (Files.isRegularFile(candidate.resolve("alembic.ini"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/basketball-api/" + form + " not found above "
                + Path.of("").toAbsolutePath());
    }

    public Path directory() {
        return directory;
    }

    /** The revision files, as the engine reads them. */
    public Path versionsDir() {
        return directory.resolve("versions");
    }

    public ThrowawayDatabase database() {
        return database;
    }

    /**
     * The URL to hand to the diagnosis engine (in-process, never printed): the database's URL, with
     * PGPASSWORD when one is set so the engine can log in where trust auth is off.
     */
    public String databaseUrl() {
        String password = ThrowawayDatabase.password();
        if (password == null || password.isEmpty()) {
            return database.url();
        }
        return "postgresql://" + encode(ThrowawayDatabase.user()) + ":" + encode(password) + "@"
                + ThrowawayDatabase.host() + ":" + ThrowawayDatabase.port() + "/" + database.name();
    }

    /** {@code alembic upgrade <target>}; fails with Alembic's stderr. */
    public void upgrade(String target) {
        require("upgrade", target);
    }

    /** {@code alembic stamp <revisions...>} (pass "--purge" first to purge); fails with Alembic's stderr. */
    public void stamp(String... revisions) {
        List<String> arguments = new ArrayList<>(List.of("stamp"));
        arguments.addAll(Arrays.asList(revisions));
        require(arguments.toArray(String[]::new));
    }

    /** {@code alembic heads}: the head revision ids, sorted. */
    public List<String> heads() {
        return revisionIds(require("heads").stdout());
    }

    /** {@code alembic current}: the revision ids Alembic reads from the version table, sorted. */
    public List<String> current() {
        return revisionIds(require("current").stdout());
    }

    /**
     * Runs ONE command line exactly as Medic prints it ({@code alembic upgrade 019},
     * {@code alembic stamp --purge 020 021}): split on whitespace, the leading {@code alembic} dropped,
     * the rest passed as arguments. Fails with Alembic's stderr.
     */
    public AlembicResult run(String commandLine) {
        List<String> words = Arrays.asList(commandLine.trim().split("\\s+"));
        if (words.size() < 2 || !words.get(0).equals("alembic")) {
            throw new IllegalArgumentException("not an alembic command line: '" + commandLine + "'");
        }
        return require(words.subList(1, words.size()).toArray(String[]::new));
    }

    /**
     * Pastes {@code lines} into a POSIX shell, as a person does with {@code medic diagnose --format alembic}:
     * {@code sh -c} in the project's directory, where {@code alembic} is real Alembic bound to this database.
     * Returns what happened, success or not ({@code set -e}: the first failing command ends the script).
     */
    public AlembicResult pasteIntoShell(String lines) {
        String alembic = "alembic() { " + PYTHON + " -m alembic -c \"$MEDIC_INI\" -x \"url=$MEDIC_URL\" \"$@\"; }\n";
        return execute(List.of("/bin/sh", "-ec", alembic + lines), Map.of("MEDIC_INI",
                directory.resolve("alembic.ini").toString(), "MEDIC_URL", database.url()), List.of("sh", lines));
    }

    /** Runs Alembic with these arguments and returns what happened, success or not. */
    public AlembicResult attempt(String... arguments) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "alembic",
                "-c", directory.resolve("alembic.ini").toString(), "-x", "url=" + database.url()));
        command.addAll(Arrays.asList(arguments));
        return execute(command, Map.of(), Arrays.asList(arguments));
    }

    private AlembicResult execute(List<String> command, Map<String, String> environment, List<String> shown) {
        try {
            Path stdout = Files.createTempFile(directory, "alembic-", ".out");
            Path stderr = Files.createTempFile(directory, "alembic-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            // Only -x url counts: a DATABASE_URL in the test's environment must not redirect Alembic.
            builder.environment().remove("DATABASE_URL");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("alembic " + String.join(" ", shown) + " did not finish within " + TIMEOUT);
            }
            AlembicResult result = new AlembicResult(shown, process.exitValue(),
                    Files.readString(stdout), Files.readString(stderr));
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + PYTHON + " -m alembic", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running alembic", e);
        }
    }

    private AlembicResult require(String... arguments) {
        AlembicResult result = attempt(arguments);
        if (!result.succeeded()) {
            throw new AssertionError(result.command() + " failed (exit " + result.exitCode() + ") on "
                    + database.name() + ":\n" + result.stderr().strip());
        }
        return result;
    }

    /** Alembic prints one revision per line, e.g. {@code 024 (head)} or {@code 018 (branchpoint)}. */
    private static List<String> revisionIds(String output) {
        return output.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0])
                .sorted()
                .toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
