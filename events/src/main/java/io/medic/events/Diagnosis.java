package io.medic.events;

import java.util.List;

/**
 * What a diagnoser concluded about one incident: the verdict and its one-line reason, the version table as
 * read, the per-revision table (the seed issue's "DB State" table), why no automatic plan may be made
 * ({@link #blockers}, as data), the reasoning behind the plan, and warnings. Findings only: the steps live
 * once, in the {@link Plan}.
 */
public record Diagnosis(
        Verdict verdict,
        String reason,
        List<String> versionRows,
        List<String> heads,
        List<RevisionRow> revisions,
        List<Blocker> blockers,
        List<String> reasoning,
        List<String> warnings) {

    public Diagnosis {
        Require.present(verdict, "verdict");
        reason = reason == null ? "" : reason;
        versionRows = Require.list(versionRows);
        heads = Require.list(heads);
        revisions = Require.list(revisions);
        blockers = Require.list(blockers);
        reasoning = Require.list(reasoning);
        warnings = Require.list(warnings);
        if (verdict == Verdict.NEEDS_HUMAN && blockers.isEmpty()) {
            throw new IllegalArgumentException("a NEEDS_HUMAN diagnosis names at least one blocker");
        }
    }

    /** A diagnosis that needs a person for one reason, with nothing else known. */
    public static Diagnosis needsHuman(Blocker blocker) {
        return new Diagnosis(Verdict.NEEDS_HUMAN, blocker.text(), List.of(), List.of(), List.of(), List.of(blocker),
                List.of(), List.of());
    }
}
