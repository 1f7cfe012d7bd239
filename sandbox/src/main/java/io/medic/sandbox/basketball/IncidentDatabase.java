package io.medic.sandbox.basketball;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The database of incident #183, built with real Alembic: upgraded to {@code 018}, the league's teams,
 * players and a jersey order, then 020's {@code players.custom_notes} column added by hand (out of order)
 * with a note in it, so that 019, 021 and 024 are missing and the version table says {@code 018}. As
 * {@code bin/medic demo} builds it. The URL goes to Alembic and psycopg2 through the environment, never on a
 * command line, and never into an error message.
 */
public final class IncidentDatabase {

    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern URL = Pattern.compile("postgres(ql)?://\\S+");

    /** The teams, players and the order of the incident (valid at 018 and at head). */
    public static final String LEAGUE = """
            INSERT INTO teams (id, name, city) VALUES (1, 'Westside Kings', 'Portland'), (2, 'Eastside Queens', 'Gresham');
            INSERT INTO players (id, team_id, first_name, last_name, email, jersey, position) VALUES
                (1, 1, 'Maya', 'Okafor', 'maya@example.org', NULL, 'guard'),
                (2, 2, 'Ari', 'Chen', 'ari@example.org', 7, 'center');
            INSERT INTO orders (id, order_number, player_id, item, jersey_number, amount) VALUES (1, 'WS-1001', 1, 'home jersey', 23, 89.00);
            """;
    /** What someone ran by hand: 020's column, ahead of 019, with data the fix must keep. */
    public static final String OUT_OF_ORDER = """
            ALTER TABLE players ADD COLUMN custom_notes TEXT;
            UPDATE players SET custom_notes = 'prefers the left wing' WHERE id = 1;
            """;

    private IncidentDatabase() {
    }

    /** Builds the incident's state on the empty database {@code databaseUrl}, with the Alembic project in {@code project}. */
    public static void build(String databaseUrl, Path project) {
        alembic(databaseUrl, project, "upgrade", "018");
        sql(databaseUrl, LEAGUE + OUT_OF_ORDER);
    }

    /** Inserts the league's teams, players and order (for a database already at 018 or later). */
    public static void insertLeague(String databaseUrl) {
        sql(databaseUrl, LEAGUE);
    }

    /** Runs real Alembic ({@code python3 -m alembic -c <project>/alembic.ini <args>}) on the database. */
    public static String alembic(String databaseUrl, Path project, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-m", "alembic", "-c", project.resolve("alembic.ini").toString()));
        command.addAll(List.of(args));
        return run(command, project, databaseUrl, null, "alembic " + String.join(" ", args));
    }

    /** Runs SQL statements in one transaction through psycopg2. */
    public static void sql(String databaseUrl, String statements) {
        run(List.of(PYTHON, "-c", "import os, sys, psycopg2\n"
                        + "c = psycopg2.connect(os.environ['DATABASE_URL'])\n"
                        + "c.cursor().execute(sys.stdin.read())\n"
                        + "c.commit()\n"),
                null, databaseUrl, statements, "SQL");
    }

    private static String run(List<String> command, Path dir, String databaseUrl, String stdin, String what) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().put("DATABASE_URL", databaseUrl);
        try {
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 2 minutes");
            }
            String text = URL.matcher(new String(output, StandardCharsets.UTF_8)).replaceAll("postgresql://***");
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }
}
