package io.medic.doctor;

import io.medic.doctor.graph.GraphException;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.reconcile.MigrationHistory;
import io.medic.doctor.migration.MigrationDirectory;
import io.medic.doctor.migration.MigrationParseException;
import io.medic.doctor.schema.DatabaseTarget;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.SnapshotException;
import io.medic.doctor.schema.SnapshotReader;
import io.medic.events.Diagnosis;
import io.medic.events.Verdict;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The diagnosis engine's front door: reads the revision files in {@code versionsDir} (as text, never
 * executed) and the live schema (read-only, in parallel with the parsing), and returns the diagnosis
 * with its proven plan. Input that cannot be read gives a BAD_INPUT diagnosis with a one-line reason.
 */
public final class AlembicDoctor {

    /** A prescription, the database it is about (password hidden) and how long each phase took, in ms. */
    public record Run(Prescription prescription, String database, Map<String, Long> timings) {
    }

    private static final long SETTLE_SECONDS = 5;

    private AlembicDoctor() {
    }

    /**
     * @param databaseUrl {@code postgresql://USER:PASS@HOST:PORT/DB} (also {@code postgresql+psycopg2://})
     * @param schema      the schema holding the tables and {@code alembic_version}, usually {@code public}
     */
    public static Prescription diagnose(Path versionsDir, String databaseUrl, String schema) {
        return run(versionsDir, databaseUrl, schema).prescription();
    }

    public static Run run(Path versionsDir, String databaseUrl, String schema) {
        return run(versionsDir, databaseUrl, schema, target -> SnapshotReader.read(target, schema));
    }

    /** The same diagnosis, the schema read through the caller's long-lived {@code vertx} (a service's). */
    public static Run run(Path versionsDir, String databaseUrl, String schema, Vertx vertx) {
        return run(versionsDir, databaseUrl, schema, target -> SnapshotReader.read(vertx, target, schema));
    }

    private interface SnapshotSource {
        SchemaSnapshot read(DatabaseTarget target) throws SnapshotException;
    }

    private static Run run(Path versionsDir, String databaseUrl, String schema, SnapshotSource source) {
        Map<String, Long> timings = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        long start = System.nanoTime();
        DatabaseTarget target;
        try {
            target = DatabaseTarget.parse(databaseUrl);
        } catch (IllegalArgumentException e) {
            return new Run(badInput(e.getMessage()), "(unparseable URL)", timings);
        }
        CompletableFuture<SchemaSnapshot> snapshot = CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            try {
                return source.read(target);
            } catch (SnapshotException e) {
                throw new CompletionException(e);
            } finally {
                timings.put("snapshot", ms(t));
            }
        });

        RevisionGraph graph;
        MigrationHistory history;
        try {
            long t = System.nanoTime();
            MigrationDirectory.Contents contents = MigrationDirectory.read(versionsDir);
            timings.put("parse", ms(t));
            if (!contents.errors().isEmpty()) {
                return settled(snapshot, new Run(badInput(unreadable(contents.errors())), target.redacted(), timings));
            }
            t = System.nanoTime();
            graph = RevisionGraph.of(contents.files());
            timings.put("graph", ms(t));
            t = System.nanoTime();
            history = MigrationHistory.of(graph);
            timings.put("history", ms(t));
        } catch (MigrationParseException e) {
            return settled(snapshot, new Run(badInput(e.getMessage()), target.redacted(), timings));
        } catch (GraphException e) {
            return settled(snapshot, new Run(badInput("the revision graph is broken: " + String.join("; ", e.problems())),
                    target.redacted(), timings));
        }

        SchemaSnapshot snap;
        try {
            snap = snapshot.join();
        } catch (CompletionException e) {
            return new Run(badInput(e.getCause().getMessage()), target.redacted(), timings);
        }
        // the precondition's fingerprint hashes the whole schema: do it on the other core meanwhile
        CompletableFuture.runAsync(snap::fingerprint);
        long t = System.nanoTime();
        Prescription diagnosis = Diagnostician.diagnose(history, snap);
        timings.put("reconcile+plan", ms(t));
        timings.put("total", ms(start));
        return new Run(diagnosis, target.redacted(), timings);
    }

    /**
     * An answer found before the snapshot is read waits (a few seconds at most) for the snapshot's thread to
     * finish: a JVM exiting while that thread still links classes crashes when it records its class-data
     * archive ({@code -XX:ArchiveClassesAtExit}, as {@code bin/medic} does on a first run): exit 134 instead
     * of 2, in about 4 runs of 10 with JDK 25.
     */
    private static Run settled(CompletableFuture<SchemaSnapshot> snapshot, Run run) {
        try {
            snapshot.get(SETTLE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the answer is already known; the snapshot's own outcome does not matter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return run;
    }

    private static String unreadable(List<MigrationParseException> errors) {
        String first = errors.stream().limit(3).map(Throwable::getMessage).collect(Collectors.joining("; "));
        return errors.size() + " migration file" + (errors.size() == 1 ? "" : "s") + " cannot be read: " + first
                + (errors.size() > 3 ? "; ..." : "");
    }

    private static Prescription badInput(String reason) {
        return Prescription.of(new Diagnosis(Verdict.BAD_INPUT, Blockers.oneLine(reason), List.of(), List.of(),
                List.of(), List.of(Blockers.badInput(reason)), List.of(), List.of()));
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
