package io.medic.events;

import java.util.List;

/**
 * What the diagnosis engine concluded about one database and one migrations directory: the
 * verdict and why, the version table as read, the per-revision table, and the plan as steps
 * (a precondition, Alembic stamps and upgrades, a post-condition), with the reasoning behind it.
 */
public record Diagnosis(
        Verdict verdict,
        String reason,
        List<String> versionRows,
        List<String> heads,
        List<RevisionRow> revisions,
        List<Step> steps,
        List<String> reasoning,
        List<String> warnings) {

    public Diagnosis {
        Require.present(verdict, "verdict");
        reason = reason == null ? "" : reason;
        versionRows = Require.list(versionRows);
        heads = Require.list(heads);
        revisions = Require.list(revisions);
        steps = Require.list(steps);
        reasoning = Require.list(reasoning);
        warnings = Require.list(warnings);
    }

    /** The Alembic commands of the plan, one per line, ready to paste. */
    public List<String> alembicCommands() {
        return steps.stream().map(Step::alembicCommand).filter(c -> c != null).toList();
    }
}
