package io.medic.executor.service.step;

import io.medic.doctor.graph.GraphException;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.MigrationDirectory;
import io.medic.doctor.migration.MigrationParseException;
import io.medic.doctor.plan.AlembicModel;
import io.medic.doctor.plan.AlembicRefusal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The image's own revision graph (read as text, never run) and the engine's model of Alembic on it, when
 * the executor can read the migration files (the local runner's project): a stamp's or upgrade's result is
 * then derived again here, at execution time, and a step the files disagree with is not run.
 */
public record Migrations(RevisionGraph graph, AlembicModel model) {

    public static Optional<Migrations> read(Optional<Path> versions) {
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        try {
            MigrationDirectory.Contents contents = MigrationDirectory.read(versions.get());
            if (!contents.errors().isEmpty()) {
                return Optional.empty();
            }
            RevisionGraph graph = RevisionGraph.of(contents.files());
            return Optional.of(new Migrations(graph, new AlembicModel(graph)));
        } catch (MigrationParseException | GraphException e) {
            return Optional.empty();
        }
    }

    /** The rows {@code alembic stamp} leaves, per the model. */
    List<String> stamp(List<String> rows, List<String> revisions, boolean purge) throws AlembicRefusal {
        return model.stamp(rows, revisions, purge);
    }

    /** The revisions {@code alembic upgrade} runs, in order, and the rows it leaves, per the model. */
    Upgrade upgrade(List<String> rows, String target) throws AlembicRefusal {
        AlembicModel.Upgrade u = model.upgrade(rows, target);
        return new Upgrade(u.runs().stream().map(i -> graph.at(i).id()).toList(), u.rows());
    }

    record Upgrade(List<String> runs, List<String> rows) {
    }
}
