package io.medic.doctor.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs REAL Alembic (the Debian interpreter that has it) as the oracle for the reader's tests: an argument
 * list, never a shell; the database URL carries no password.
 */
final class RealAlembic {

    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 180;

    private RealAlembic() {
    }

    /** A private copy of the fixture directory {@code migration/<name>} (Python may write caches into it). */
    static Path copyOfFixture(String name, Path parent) {
        Path source = fixture(name);
        Path target = parent.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (file.toString().contains("__pycache__")) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A private Alembic project (the "types" fixture's alembic.ini and env.py) with no revision files yet. */
    static Path emptyProject(Path parent) {
        Path project = copyOfFixture("types", parent);
        try (Stream<Path> old = Files.list(project.resolve("versions"))) {
            for (Path f : old.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return project;
    }

    /**
     * A revision file whose upgrade() is {@code body} (line 11 is its first line) and whose downgrade() does
     * nothing; {@code down} null for a root.
     */
    static String revision(String id, String down, String body) {
        return """
                from alembic import op
                import sqlalchemy as sa
                from sqlalchemy.dialects import postgresql

                revision = "%s"
                down_revision = %s


                def upgrade():
                %s

                def downgrade():
                    pass
                """.formatted(id, down == null ? "None" : "\"" + down + "\"", body.indent(4));
    }

    static Path fixture(String name) {
        URL url = RealAlembic.class.getClassLoader().getResource("migration/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource migration/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code python3 -m alembic -c <dir>/alembic.ini -x url=<url> <arguments...>}; fails with Alembic's stderr. */
    static String alembic(Path project, String url, String... arguments) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "alembic", "-c",
                project.resolve("alembic.ini").toString(), "-x", "url=" + url));
        command.addAll(List.of(arguments));
        return run(project, command);
    }

    /** {@code python3 <script> <arguments...>} */
    static String python(Path workDir, Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(arguments));
        return run(workDir, command);
    }

    /** name -> "ok" or CPython's error class, from one interpreter that compiles (never runs) each file. */
    static java.util.Map<String, String> compileWithCPython(Path workDir, java.util.Map<String, Path> files) {
        try {
            Path script = Files.writeString(workDir.resolve("compile_all.py"), """
                    import sys
                    for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
                        try:
                            compile(open(path, 'rb').read(), path, 'exec')
                            print(name, 'ok')
                        except (SyntaxError, RecursionError, MemoryError) as e:
                            print(name, type(e).__name__)
                    """);
            String[] args = files.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue().toString())).toArray(String[]::new);
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            python(workDir, script, args).lines().forEach(l -> out.put(l.split(" ")[0], l.split(" ")[1]));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(Path workDir, List<String> command) {
        try {
            Path out = Files.createTempFile("alembic-", ".out");
            Path err = Files.createTempFile("alembic-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("DATABASE_URL");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.delete(out);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " failed (exit " + process.exitValue() + "):\n" + stderr.strip());
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
