package io.medic.planner.client;

import io.medic.planner.domain.MigrationSourceRef;

import java.util.List;

/** One place the revision files of a workload live, readable at a commit. */
public interface MigrationSource {

    MigrationSourceRef ref();

    /**
     * The revision files at {@code commit} (ignored by a directory source, which is what it is).
     *
     * @throws SourceException when the commit, the path or the source cannot be read
     */
    Versions at(String commit) throws SourceException;

    /**
     * The source's commits, newest first from its default branch's tip, at most {@code max}, ending before
     * {@code stopAt} (the crashed image's commit: older ones would not be a roll forward) when it is met.
     */
    List<String> history(int max, String stopAt) throws SourceException;
}
