package io.medic.doctor.testing;

import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pg_dump --schema-only --no-owner --no-privileges --schema=public} of a database, normalised
 * so two databases compare line by line: SQL comments, SET lines, set_config calls, pg_dump's
 * per-run restrict keys and blank lines are removed. Column order, defaults, constraints,
 * indexes and sequences stay, as they are part of what "the same schema" means.
 */
public record SchemaDump(String database, List<String> lines) {

    public SchemaDump {
        lines = List.copyOf(lines);
    }

    public static SchemaDump of(ThrowawayDatabase db) {
        List<String> command = List.of("pg_dump", "--schema-only", "--no-owner", "--no-privileges", "--schema=public",
                "--no-password", "--host", ThrowawayDatabase.host(), "--port", String.valueOf(ThrowawayDatabase.port()),
                "--username", ThrowawayDatabase.user(), "--dbname", db.name());
        try {
            Path out = Files.createTempFile("medic-schema-", ".sql");
            Path err = Files.createTempFile("medic-schema-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("pg_dump of " + db.name() + " did not finish within 60s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("pg_dump of " + db.name() + " failed (exit " + process.exitValue() + "): "
                            + Files.readString(err).strip());
                }
                return new SchemaDump(db.name(), normalise(Files.readString(out)));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pg_dump", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pg_dump", e);
        }
    }

    static List<String> normalise(String dump) {
        return dump.lines()
                .map(String::stripTrailing)
                .filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith("--"))
                .filter(line -> !line.startsWith("SET "))
                .filter(line -> !line.contains("pg_catalog.set_config("))
                // pg_dump 15.14+ brackets its output with restrict / unrestrict meta-commands and a random key
                .filter(line -> !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
                .toList();
    }

    /**
     * The lines that differ from {@code expected}, in order, as {@code "- line"} (only in expected) and
     * {@code "+ line"} (only here); empty when the schemas are the same.
     */
    public List<String> diff(SchemaDump expected) {
        List<String> a = expected.lines;
        List<String> b = lines;
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> differences = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                differences.add("- " + a.get(i++));
            } else {
                differences.add("+ " + b.get(j++));
            }
        }
        return Collections.unmodifiableList(differences);
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
