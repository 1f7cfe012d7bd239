package io.medic.doctor.graph;

import io.medic.doctor.migration.MigrationFile;

import java.util.List;

/**
 * A revision in the graph. {@code index} is its position in the graph's topological order (parents and
 * dependencies first), used for bit sets.
 *
 * @param downRevisions           {@code down_revision} (Alembic's "versioned" down revisions)
 * @param dependencies            {@code depends_on}, resolved to revision ids
 * @param normalizedDownRevisions down revisions plus the dependencies no ancestor already depends on:
 *                                what Alembic's version-table bookkeeping replaces when this revision runs
 */
public record Revision(String id, int index, MigrationFile file, List<String> downRevisions, List<String> dependencies,
                       List<String> normalizedDownRevisions) {
}
