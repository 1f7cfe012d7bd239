package io.medic.doctor;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.reconcile.Evidence;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.doctor.schema.Difference;
import io.medic.events.Blocker;
import io.medic.events.BlockerKind;
import io.medic.events.RevisionState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides why no automatic plan may be made from the reconciliation's states and evidence and the revision
 * graph: the reconciler reports data; only here does it become a {@link Blocker}.
 */
final class Blockers {

    private Blockers() {
    }

    /**
     * What the states and the graph forbid, most specific first: version rows the files do not have; per
     * revision, in order, what the schema shows (partly applied, a destructive re-run), then what it cannot
     * show (a revision in doubt); differences no revision explains; several heads.
     */
    static List<Blocker> of(Reconciliation rec) {
        RevisionGraph graph = rec.graph();
        List<Blocker> blockers = new ArrayList<>();
        if (!rec.unknownRows().isEmpty()) {
            blockers.add(new Blocker.UnknownVersionRows(rec.unknownRows()));
        }
        List<Blocker> revisions = new ArrayList<>();
        for (Revision r : graph.order()) {
            Blocker b = of(r, rec.state(r.index()), rec.evidence(r.index()));
            if (b != null) {
                revisions.add(b);
            }
        }
        // a stable sort: doubts about what the schema cannot show after what it does show, each in revision order
        revisions.sort(Comparator.comparing(b -> b.kind() == BlockerKind.UNVERIFIABLE));
        blockers.addAll(revisions);
        for (Difference d : rec.unexplained()) {
            blockers.add(new Blocker.UnexplainedDrift(d.text()));
        }
        if (graph.heads().size() > 1 && graph.branchLabels().isEmpty()) {
            blockers.add(new Blocker.MultipleHeads(graph.heads()));
        }
        return blockers;
    }

    /** What one revision's state forbids, or null. */
    private static Blocker of(Revision r, RevisionState state, Evidence evidence) {
        return switch (state) {
            case PARTIAL, STAMPED_PARTIAL -> new Blocker.PartiallyApplied(r.id(), evidence.present(), evidence.absent());
            case STAMPED_ABSENT -> {
                // running it again is the plan; unless that destroys what may hold data
                List<String> destroys = r.file().operations().stream().flatMap(op -> op.destroys().stream()).toList();
                yield destroys.isEmpty() ? null : new Blocker.DestructiveRerun(r.id(), destroys);
            }
            case UNVERIFIABLE_IN_DOUBT -> new Blocker.Unverifiable(r.id(), r.file().summary(),
                    "revisions after it are present but " + evidence.missingBefore()
                            + " before it are missing, so history ran out of order");
            case APPLIED, PRESENT_UNSTAMPED, MISSING, UNVERIFIABLE_APPLIED, UNVERIFIABLE_UNSTAMPED,
                 UNVERIFIABLE_MISSING -> null;
        };
    }
}
