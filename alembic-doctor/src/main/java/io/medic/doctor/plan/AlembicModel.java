package io.medic.doctor.plan;

import io.medic.doctor.graph.ResolutionException;
import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code alembic stamp} and {@code alembic upgrade} do to the version table, modelled on Alembic's
 * own code (ScriptDirectory._stamp_revs, RevisionMap._collect_upgrade_revisions, HeadMaintainer): which
 * revisions an upgrade runs, and which rows each leaves. Heads and the resolution of {@code head},
 * {@code heads} and {@code base} are the graph's ({@link RevisionGraph}, Alembic's RevisionMap). Plans are
 * proven against this model, and the tests check the model against real Alembic.
 */
public final class AlembicModel {

    private final RevisionGraph graph;

    public AlembicModel(RevisionGraph graph) {
        this.graph = graph;
    }

    /** The result of an upgrade: the revisions it runs, in order, and the version rows after it. */
    public record Upgrade(List<Integer> runs, List<String> rows) {
    }

    /** {@code alembic stamp [--purge] DEST...} */
    public List<String> stamp(List<String> rows, List<String> destinations, boolean purge) throws AlembicRefusal {
        List<String> heads = purge ? new ArrayList<>() : new ArrayList<>(rows);
        requireKnown(heads);
        List<Integer> dests = new ArrayList<>();
        for (String d : destinations) {
            dests.addAll(resolve(d)); // base resolves to nothing
        }
        // Alembic filters the current heads by lineage once, for all destinations together.
        Set<String> filtered = new LinkedHashSet<>();
        for (int d : dests) {
            for (String h : heads) {
                int hi = graph.get(h).index();
                if (hi == d || graph.isAncestor(hi, d) || graph.isAncestor(d, hi)) {
                    filtered.add(h);
                }
            }
        }
        if (destinations.contains("base")) {
            if (dests.isEmpty()) {
                return List.of();
            }
            throw new AlembicRefusal("base cannot be stamped together with other revisions");
        }
        // Then one step per destination, from all the filtered heads (Alembic's _stamp_revs and
        // HeadMaintainer.update_to_step): down to it, up to it, or a new branch.
        List<String> result = new ArrayList<>(heads);
        for (int d : dests) {
            String dest = graph.at(d).id();
            if (filtered.contains(dest)) {
                continue;
            }
            boolean down = filtered.stream().anyMatch(f -> graph.isAncestor(d, graph.get(f).index()));
            boolean up = !down && filtered.stream().anyMatch(f -> graph.isAncestor(graph.get(f).index(), d));
            boolean moved = !result.containsAll(filtered); // an earlier destination already moved some
            if (down || (up && !moved)) {
                // the filtered rows become this one row (deleted, the last one updated): all must still be there
                if (moved) {
                    throw new AlembicRefusal("stamping " + dest + " would move version rows "
                            + String.join(", ", filtered) + " a second time; stamp one revision at a time or with --purge");
                }
                result.removeAll(filtered);
            }
            // up from rows already moved, or a branch not represented: Alembic inserts a new row
            result.add(dest);
        }
        return sorted(result);
    }

    /** {@code alembic upgrade TARGET} ({@code head}, {@code heads} or a revision id). */
    public Upgrade upgrade(List<String> rows, String target) throws AlembicRefusal {
        requireKnown(rows);
        requireNoOverlap(rows);
        BitSet required = new BitSet(graph.size());
        for (int t : resolve(target)) {
            required.set(t);
            required.or(graph.ancestorsOf(t));
        }
        BitSet current = graph.closure(rows);
        required.andNot(current);
        List<Integer> runs = new ArrayList<>();
        Set<String> heads = new LinkedHashSet<>(rows);
        for (int i = required.nextSetBit(0); i >= 0; i = required.nextSetBit(i + 1)) {
            requireIndependentParents(graph.at(i));
            runs.add(i);
            advance(heads, graph.at(i));
        }
        return new Upgrade(runs, sorted(new ArrayList<>(heads)));
    }

    /**
     * A merge that names a revision and one of its ancestors as down revisions: which version rows Alembic
     * then updates depends on its own step order, and on some graphs it fails half way (KeyError in its
     * head bookkeeping). Seen in differential tests against Alembic 1.8; not modelled, refused.
     */
    private void requireIndependentParents(Revision r) throws AlembicRefusal {
        List<String> down = r.file().downRevisions();
        for (String a : down) {
            for (String b : down) {
                if (!a.equals(b) && graph.contains(a) && graph.contains(b)
                        && graph.isAncestor(graph.get(a).index(), graph.get(b).index())) {
                    throw new AlembicRefusal("revision " + r.id() + " names both " + b + " and its ancestor " + a
                            + " as down revisions; Alembic's version-table bookkeeping is unreliable for such a merge");
                }
            }
        }
    }

    /** HeadMaintainer.update_to_step for one upgrade step. */
    private void advance(Set<String> heads, Revision r) throws AlembicRefusal {
        List<String> down = r.normalizedDownRevisions();
        List<String> inHeads = down.stream().filter(heads::contains).toList();
        if (down.isEmpty() || inHeads.isEmpty()) {
            heads.add(r.id());
        } else if (down.size() > 1 && inHeads.size() > 1) {
            Set<String> others = new LinkedHashSet<>(heads);
            down.forEach(others::remove);
            BitSet covered = new BitSet(graph.size());
            for (String o : others) {
                covered.or(graph.ancestorsOf(graph.get(o).index()));
            }
            for (String d : down) {
                if (covered.get(graph.get(d).index())) {
                    continue;
                }
                if (!heads.remove(d)) {
                    throw new AlembicRefusal("merging " + r.id() + " expects version row " + d + ", which is absent");
                }
            }
            heads.add(r.id());
        } else {
            heads.remove(inHeads.get(0));
            heads.add(r.id());
        }
    }

    /** The revisions a command argument names ({@link RevisionGraph#resolve}); what Alembic cannot resolve, it refuses. */
    private List<Integer> resolve(String target) throws AlembicRefusal {
        try {
            return graph.resolve(target);
        } catch (ResolutionException e) {
            throw new AlembicRefusal(e.getMessage());
        }
    }

    private void requireKnown(List<String> rows) throws AlembicRefusal {
        for (String row : rows) {
            try {
                graph.locate(row);
            } catch (ResolutionException e) {
                throw new AlembicRefusal(e.getMessage());
            }
        }
    }

    private void requireNoOverlap(List<String> rows) throws AlembicRefusal {
        for (String a : rows) {
            for (String b : rows) {
                if (!a.equals(b) && graph.isAncestor(graph.get(a).index(), graph.get(b).index())) {
                    throw new AlembicRefusal("Requested revision " + b + " overlaps with other requested revisions " + a);
                }
            }
        }
    }

    static List<String> sorted(List<String> rows) {
        return rows.stream().distinct().sorted().toList();
    }
}
