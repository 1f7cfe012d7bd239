package io.medic.events;

import java.util.List;

/**
 * One line of the diagnosis table: a revision, what it changes, its state (which also says whether the
 * version table implies it: {@link RevisionState#stamped()}), and the evidence behind the state.
 */
public record RevisionRow(String revision, String file, String summary, RevisionState state, List<String> evidence) {
    public RevisionRow {
        Require.text(revision, "revision");
        Require.present(state, "state");
        summary = summary == null ? "" : summary;
        evidence = Require.list(evidence);
    }
}
