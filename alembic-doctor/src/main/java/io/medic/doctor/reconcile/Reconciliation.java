package io.medic.doctor.reconcile;

import io.medic.doctor.schema.Difference;
import io.medic.events.Blocker;
import io.medic.events.RevisionState;

import java.util.BitSet;
import java.util.List;

/**
 * What reconciliation concluded. Indexes are the graph's topological indexes.
 *
 * @param present          revisions whose effects are in the database (for opaque and empty revisions:
 *                         treated as run, see their evidence)
 * @param stamped          revisions the version table implies (its rows and their ancestors)
 * @param unknownRows      version rows naming revisions the files do not have
 * @param states           one state per revision
 * @param evidence         per revision, what in the database supports its state
 * @param blockers         reasons no automatic plan may be made (partial revisions, doubts, drift that
 *                         no revision explains, re-runs that would drop data)
 * @param extras           objects in managed tables no migration creates: reported, tolerated
 */
public record Reconciliation(BitSet present, BitSet stamped, List<String> unknownRows, List<RevisionState> states,
                             List<List<String>> evidence, List<Blocker> blockers, List<Difference> extras) {
}
