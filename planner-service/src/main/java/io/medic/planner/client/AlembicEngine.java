package io.medic.planner.client;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.doctor.graph.GraphException;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.MigrationDirectory;
import io.medic.doctor.migration.MigrationParseException;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The diagnosis engine, in-process and warm: its front door ({@link AlembicDoctor#run}) for a diagnosis, and
 * its reader and revision graph for the one question image drift asks of each candidate commit. The database
 * URL goes to the engine and nowhere else; the engine reports the database with the password hidden.
 */
@ApplicationScoped
public class AlembicEngine {

    private static final Logger LOG = Logger.getLogger(AlembicEngine.class);

    /**
     * At most one diagnosis per core at a time: each is CPU-bound (parse, reconcile, prove) and opens its own
     * database session; more in parallel only lengthens every one of them and adds memory.
     */
    /** The service's Vert.x: each diagnosis opens its read-only session on it (none starts its own). */
    private final Vertx vertx;

    public AlembicEngine(Vertx vertx) {
        this.vertx = vertx;
    }

    private final Semaphore running = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

    /** Diagnoses the database against the revision files in {@code versionsDir}; never writes, never throws. */
    public Prescription diagnose(Path versionsDir, String databaseUrl, String schema) {
        running.acquireUninterruptibly();
        try {
            AlembicDoctor.Run run = AlembicDoctor.run(versionsDir, databaseUrl, schema, vertx);
            LOG.debugf("the engine on %s: %s ms", run.database(), run.timings());
            return run.prescription();
        } finally {
            running.release();
        }
    }

    /** What a commit's revision files say about a set of revisions. */
    public sealed interface GraphAnswer {
        /** Every one of the revisions is in the graph. */
        record Knows() implements GraphAnswer {
        }

        /** The graph reads, and lacks some of them. */
        record Lacks(List<String> missing) implements GraphAnswer {
        }

        /** The files do not parse or do not make a graph. */
        record Unreadable(String reason) implements GraphAnswer {
        }
    }

    public GraphAnswer knows(Path versionsDir, Collection<String> revisions) {
        try {
            MigrationDirectory.Contents contents = MigrationDirectory.read(versionsDir);
            if (!contents.errors().isEmpty()) {
                return new GraphAnswer.Unreadable(contents.errors().get(0).getMessage());
            }
            RevisionGraph graph = RevisionGraph.of(contents.files());
            List<String> missing = revisions.stream().filter(r -> !graph.contains(r)).toList();
            return missing.isEmpty() ? new GraphAnswer.Knows() : new GraphAnswer.Lacks(missing);
        } catch (MigrationParseException e) {
            return new GraphAnswer.Unreadable(e.getMessage());
        } catch (GraphException e) {
            return new GraphAnswer.Unreadable("the revision graph is broken: " + String.join("; ", e.problems()));
        }
    }
}
