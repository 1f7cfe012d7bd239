package io.medic.doctor.reconcile;

import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.schema.Authorship;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;
import io.medic.events.RevisionState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out which revisions' effects are really in the database: the one place revision states are
 * computed.
 * <p>
 * It starts from what the version table claims (its rows and their ancestors) and looks for the set of
 * applied revisions whose simulated schema best explains the live one, flipping one revision (or, when
 * stuck, two) at a time while that strictly reduces the differences. Tables are replayed per rename
 * lineage, so a flip only re-simulates the few tables that revision touches. Revisions whose effects
 * cannot be seen (data migrations, unreadable calls, empty merges) keep the version table's word, unless
 * what surrounds them says otherwise, and a doubt about one is a state of its own
 * ({@link RevisionState#UNVERIFIABLE_IN_DOUBT}), never a guess. It returns states and evidence; what they
 * forbid is decided elsewhere, in one place.
 */
public final class Reconciler {

    private static final int PAIR_CANDIDATES = 40;

    private final MigrationHistory history;
    private final RevisionGraph graph;
    private final SchemaSnapshot snapshot;
    private final TableGroups groups;
    private final BitSet present;
    private final int[] groupDiff;

    private Reconciler(MigrationHistory history, SchemaSnapshot snapshot, BitSet start) {
        this.history = history;
        this.graph = history.graph();
        this.snapshot = snapshot;
        this.groups = history.groups();
        this.present = (BitSet) start.clone();
        this.groupDiff = new int[groups.count()];
        for (int g = 0; g < groups.count(); g++) {
            groupDiff[g] = diffCount(g, present);
        }
    }

    public static Reconciliation reconcile(MigrationHistory history, SchemaSnapshot snapshot) {
        RevisionGraph graph = history.graph();
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String row : snapshot.versionRows()) {
            (graph.contains(row) ? known : unknown).add(row);
        }
        BitSet stamped = graph.closure(known);
        // Start from what the version table claims. Only when that cannot be made to explain the schema
        // completely, also start from the history prefix that explains it best (the version table may be
        // empty, lost or far off); the better end result wins, and on a tie the one closer to the version table.
        Reconciler best = new Reconciler(history, snapshot, stamped);
        best.search(stamped);
        if (best.total() > 0) {
            BitSet prefix = new Reconciler(history, snapshot, new BitSet()).bestPrefix(stamped);
            if (!prefix.equals(stamped)) {
                Reconciler other = new Reconciler(history, snapshot, prefix);
                other.search(stamped);
                if (other.total() < best.total() || (other.total() == best.total()
                        && disagreement(other.present, stamped) < disagreement(best.present, stamped))) {
                    best = other;
                }
            }
        }
        return best.conclude(stamped, unknown);
    }

    private static int disagreement(BitSet a, BitSet b) {
        BitSet x = (BitSet) a.clone();
        x.xor(b);
        return x.cardinality();
    }

    /**
     * The prefix of the topological order (an ancestor-closed set: "the database is at revision k")
     * that differs least from the schema, found in one incremental pass.
     */
    private BitSet bestPrefix(BitSet stamped) {
        BitSet applied = new BitSet(graph.size());
        BitSet best = (BitSet) applied.clone();
        int bestTotal = total();
        int bestDisagreement = disagreement(best, stamped);
        for (int k = 0; k < graph.size(); k++) {
            applied.set(k);
            for (int g : groups.groupsOf(k)) {
                groupDiff[g] = diffCount(g, applied);
            }
            int t = total();
            int d = disagreement(applied, stamped);
            if (t < bestTotal || (t == bestTotal && d < bestDisagreement)) {
                best = (BitSet) applied.clone();
                bestTotal = t;
                bestDisagreement = d;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- search

    private void search(BitSet stamped) {
        while (total() > 0) {
            List<Integer> candidates = candidates();
            Move best = null;
            for (int r : candidates) {
                Move m = evaluate(List.of(r), stamped);
                if (m.delta < 0 && (best == null || m.betterThan(best))) {
                    best = m;
                }
            }
            if (best == null) {
                best = bestPair(candidates, stamped);
            }
            if (best == null) {
                return;
            }
            for (int r : best.revisions) {
                present.flip(r);
            }
            best.newDiffs.forEach((g, d) -> groupDiff[g] = d);
        }
    }

    private int total() {
        int sum = 0;
        for (int d : groupDiff) {
            sum += d;
        }
        return sum;
    }

    /** Revisions with visible effects on the tables that differ. */
    private List<Integer> candidates() {
        TreeSet<Integer> result = new TreeSet<>();
        for (int g = 0; g < groupDiff.length; g++) {
            if (groupDiff[g] > 0) {
                for (TableGroups.Step s : groups.steps(g)) {
                    result.add(s.revision());
                }
            }
        }
        return new ArrayList<>(result);
    }

    private Move bestPair(List<Integer> candidates, BitSet stamped) {
        List<Move> singles = new ArrayList<>();
        for (int r : candidates) {
            singles.add(evaluate(List.of(r), stamped));
        }
        singles.sort(Comparator.comparingInt(m -> m.delta));
        List<Integer> pool = singles.stream().limit(PAIR_CANDIDATES).map(m -> m.revisions.get(0)).toList();
        Move best = null;
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                Move m = evaluate(List.of(pool.get(i), pool.get(j)), stamped);
                if (m.delta < 0 && (best == null || m.betterThan(best))) {
                    best = m;
                }
            }
        }
        return best;
    }

    private Move evaluate(List<Integer> flips, BitSet stamped) {
        BitSet trial = (BitSet) present.clone();
        Set<Integer> touched = new LinkedHashSet<>();
        for (int r : flips) {
            trial.flip(r);
            touched.addAll(groups.groupsOf(r));
        }
        Map<Integer, Integer> diffs = new HashMap<>();
        int delta = 0;
        for (int g : touched) {
            int d = diffCount(g, trial);
            diffs.put(g, d);
            delta += d - groupDiff[g];
        }
        BitSet disagreement = (BitSet) trial.clone();
        disagreement.xor(stamped);
        return new Move(flips, delta, disagreement.cardinality(), diffs, trial);
    }

    /** A candidate change to the applied set. */
    private final class Move {
        final List<Integer> revisions;
        final int delta;
        final int disagreement;
        final Map<Integer, Integer> newDiffs;
        final int order;

        Move(List<Integer> revisions, int delta, int disagreement, Map<Integer, Integer> newDiffs, BitSet after) {
            this.revisions = revisions;
            this.delta = delta;
            this.disagreement = disagreement;
            this.newDiffs = newDiffs;
            // prefer adding early revisions and removing late ones: applied sets grow from the root
            int o = 0;
            for (int r : revisions) {
                o += after.get(r) ? r : graph.size() - r;
            }
            this.order = o;
        }

        boolean betterThan(Move other) {
            if (delta != other.delta) {
                return delta < other.delta;
            }
            if (disagreement != other.disagreement) {
                return disagreement < other.disagreement;
            }
            return order < other.order;
        }
    }

    /**
     * How the schema differs from what these applied revisions predict for one lineage of tables. An
     * operation that could not have run on the way (dropping an index nobody created) makes that history
     * impossible: it counts as a difference too, weighing double.
     */
    /**
     * What revision {@code i} changes in the tables it touches, given the others as they are: {@code seen},
     * differences that would appear without it (its effects the database shows); {@code unseen}, what it
     * predicts and the database lacks (an extra object only counts against a revision that removes or
     * renames things in that table; otherwise it is drift in a table it merely created).
     */
    private Effect effect(int i) {
        Set<Difference> with = new LinkedHashSet<>();
        Set<Difference> without = new LinkedHashSet<>();
        BitSet in = (BitSet) present.clone();
        in.set(i);
        BitSet out = (BitSet) present.clone();
        out.clear(i);
        for (int g : groups.groupsOf(i)) {
            with.addAll(differences(g, in));
            without.addAll(differences(g, out));
        }
        Revision revision = graph.at(i);
        List<Difference> seen = without.stream().filter(d -> !with.contains(d)).toList();
        List<Difference> unseen = with.stream().filter(d -> !without.contains(d))
                .filter(d -> d.missing() || removesFrom(revision, d.table())).toList();
        return new Effect(seen, unseen);
    }

    private record Effect(List<Difference> seen, List<Difference> unseen) {
    }

    /** A difference that disappears with a revision, said as that revision's effect. */
    private static String asEffect(Difference d) {
        // without it, a later present revision could not have run: the simulator's complaint is noise here
        return d.table() == null && d.object().startsWith("revision ")
                ? "needed by " + d.object().substring("revision ".length()) + " (which could not have run without it)"
                : d.text();
    }

    /** Whether revision {@code i} makes, changes or removes the object {@code d} is about. */
    private boolean touches(int i, Difference d) {
        Integer group = d.table() == null ? null : groups.groupOf(d.table());
        if (group == null) {
            return false;
        }
        for (TableGroups.Step s : groups.steps(group)) {
            if (s.revision() == i && Authorship.touches(s.operation(), d)) {
                return true;
            }
        }
        return false;
    }

    /** Whether differences are left in a table revision {@code i} touches. */
    private boolean hasResidual(int i) {
        return groups.groupsOf(i).stream().anyMatch(g -> groupDiff[g] > 0);
    }

    private List<Difference> differences(int group, BitSet applied) {
        SchemaModel model = new SchemaModel();
        List<Difference> out = new ArrayList<>();
        for (TableGroups.Step s : groups.steps(group)) {
            if (applied.get(s.revision())) {
                String id = graph.at(s.revision()).id();
                // after an operation nobody can read, a failure here is no evidence the history is impossible
                boolean evidence = !history.followsUnreadable(s.revision());
                Simulator.apply(model, s.operation(), v -> {
                    if (evidence) {
                        out.add(new Difference(null, "revision " + id, true,
                                "that history is impossible: " + id + " would fail (" + v + ")", 2));
                    }
                }, false);
            }
        }
        out.addAll(SchemaComparison.differences(model, snapshot.model(), groups.names(group)));
        return out;
    }

    private int diffCount(int group, BitSet applied) {
        int sum = 0;
        for (Difference d : differences(group, applied)) {
            sum += d.weight();
        }
        return sum;
    }

    // ---------------------------------------------------------------- conclusions

    /** One revision's state as it is being worked out, and what supports it. */
    private static final class Finding {
        RevisionState state;
        final List<String> notes = new ArrayList<>();
        List<String> present = List.of();
        List<String> absent = List.of();
        List<String> missingBefore = List.of();
        List<String> presentAfter = List.of();

        Evidence evidence() {
            return new Evidence(notes, present, absent, missingBefore, presentAfter);
        }
    }

    private Reconciliation conclude(BitSet stamped, List<String> unknownRows) {
        int n = graph.size();
        Finding[] findings = new Finding[n];
        for (int i = 0; i < n; i++) {
            findings[i] = new Finding();
        }
        Set<Difference> explainedResidual = new LinkedHashSet<>();

        BitSet verifiable = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (history.kind(i) == RevisionKind.VERIFIABLE) {
                verifiable.set(i);
            }
        }
        // Whose are the differences left (only where some are left)? What a missing revision would remove
        // is its own; what a present revision made (Authorship) is not also held against the others that
        // merely touched the same table.
        Map<Integer, Effect> effects = new HashMap<>();
        Set<Difference> explainedByMissing = new LinkedHashSet<>();
        Set<Difference> claimed = new LinkedHashSet<>();
        for (int i = verifiable.nextSetBit(0); i >= 0; i = verifiable.nextSetBit(i + 1)) {
            if (hasResidual(i)) {
                Effect effect = effects.computeIfAbsent(i, this::effect);
                if (!present.get(i)) {
                    explainedByMissing.addAll(effect.seen());
                } else {
                    final int revision = i;
                    effect.unseen().stream().filter(d -> touches(revision, d)).forEach(claimed::add);
                }
            }
        }
        for (int i = verifiable.nextSetBit(0); i >= 0; i = verifiable.nextSetBit(i + 1)) {
            Finding f = findings[i];
            boolean isStamped = stamped.get(i);
            f.state = present.get(i) ? (isStamped ? RevisionState.APPLIED : RevisionState.PRESENT_UNSTAMPED)
                    : (isStamped ? RevisionState.STAMPED_ABSENT : RevisionState.MISSING);
            if (f.state == RevisionState.APPLIED && !hasResidual(i)) {
                continue;
            }
            Effect effect = effects.computeIfAbsent(i, this::effect);
            List<String> seen = effect.seen().stream().map(Reconciler::asEffect).distinct().toList();
            final int revision = i;
            List<Difference> unseen = effect.unseen().stream().filter(d -> !explainedByMissing.contains(d))
                    .filter(d -> !claimed.contains(d) || touches(revision, d)).toList();
            if (!seen.isEmpty() && !unseen.isEmpty()) {
                f.state = isStamped ? RevisionState.STAMPED_PARTIAL : RevisionState.PARTIAL;
                explainedResidual.addAll(unseen);
                explainedResidual.addAll(effect.seen());
                seen.forEach(s -> f.notes.add("present: " + s));
                unseen.forEach(d -> f.notes.add("not as it makes it: " + d.text()));
                f.present = seen;
                f.absent = unseen.stream().map(Difference::text).toList();
                continue;
            }
            if (!f.state.effectPresent()) {
                unseen.forEach(d -> f.notes.add(d.text()));
                if (isStamped) {
                    f.notes.add(0, "the version table claims it, but its effects are absent");
                }
            } else {
                if (!seen.isEmpty()) {
                    f.notes.add("explains: " + String.join("; ", seen));
                }
                if (!isStamped) {
                    f.notes.add("the version table does not imply it");
                    doubtUncheckedPart(i, f, seen);
                }
            }
            if (seen.isEmpty() && unseen.isEmpty()) {
                f.notes.add("nothing of its own is visible now (later revisions changed what it made);"
                        + " kept as the version table says");
            }
        }

        decideInvisible(stamped, findings);

        List<Difference> unexplained = new ArrayList<>();
        List<Difference> extras = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            if (groupDiff[g] == 0) {
                continue;
            }
            for (Difference d : differences(g, present)) {
                if (explainedResidual.contains(d)) {
                    continue;
                }
                (d.missing() ? unexplained : extras).add(d);
            }
        }
        List<RevisionState> states = new ArrayList<>(n);
        List<Evidence> evidence = new ArrayList<>(n);
        for (Finding f : findings) {
            states.add(f.state);
            evidence.add(f.evidence());
        }
        Reconciliation result = new Reconciliation(graph, states, evidence, unknownRows, unexplained, extras);
        if (!result.stamped().equals(stamped)) {
            throw new IllegalStateException("revision states disagree with the version table: "
                    + graph.ids(result.stamped()) + " vs " + graph.ids(stamped));
        }
        return result;
    }

    /**
     * A revision whose schema change is present but not stamped counts as run only when all of it can be seen.
     * When it also does data work or makes a call Medic cannot read, the visible part proves nothing about the
     * rest: a person may have applied its DDL by hand, out of order, without its backfill, and stamping it would
     * make that part silently never run. So it is in doubt, and a person decides.
     */
    private void doubtUncheckedPart(int i, Finding f, List<String> seen) {
        graph.at(i).file().firstUnchecked().ifPresent(op -> {
            f.state = RevisionState.UNVERIFIABLE_IN_DOUBT;
            f.present = seen;
            f.notes.add("cannot tell whether all of it ran: its schema change is present but not stamped, and its "
                    + op.phrase().verb() + " at line " + op.line() + " cannot be checked in the schema");
        });
    }

    /**
     * Data migrations, unreadable revisions and empty merges cannot be seen in the schema. An empty one
     * (nothing to miss) counts as run when the version table implies it, or when every revision before it is
     * present and some revision after it is. An opaque one (a data migration, a call Medic cannot read)
     * counts as run only on evidence that out-of-order drift cannot fake: the version table implies it. A
     * later revision's effect being present while the version table does not imply it is no such evidence:
     * that revision may have been applied by hand, out of order, with this one never run; stamping over it
     * would make its change silently never happen. So it is in doubt, and a person decides. When nothing
     * after it is present it counts as not run.
     */
    private void decideInvisible(BitSet stamped, Finding[] findings) {
        for (Revision r : graph.order()) {
            int i = r.index();
            if (history.kind(i) == RevisionKind.VERIFIABLE) {
                continue;
            }
            boolean opaque = history.kind(i) == RevisionKind.OPAQUE;
            Finding f = findings[i];
            if (stamped.get(i)) {
                present.set(i);
                f.state = opaque ? RevisionState.UNVERIFIABLE_APPLIED : RevisionState.APPLIED;
                if (opaque) {
                    f.notes.add("stamped; its effect cannot be checked in the schema: trusted as run");
                }
                continue;
            }
            BitSet ancestors = graph.ancestorsOf(i);
            BitSet missingBefore = (BitSet) ancestors.clone();
            missingBefore.andNot(present);
            BitSet after = descendantsPresent(i);
            after.stream().filter(j -> history.kind(j) != RevisionKind.VERIFIABLE).forEach(after::clear);
            boolean presentAfter = !after.isEmpty();
            if (!presentAfter) {
                f.state = opaque ? RevisionState.UNVERIFIABLE_MISSING : RevisionState.MISSING;
                f.notes.add(opaque ? "not stamped and nothing after it is present: treated as not run"
                        : "not stamped; no schema change");
            } else if (opaque) {
                f.state = RevisionState.UNVERIFIABLE_IN_DOUBT;
                f.missingBefore = graph.ids(missingBefore);
                f.presentAfter = graph.ids(after);
                f.notes.add(missingBefore.isEmpty()
                        ? "cannot tell whether it ran: " + f.presentAfter + " after it are present but not stamped"
                                + " (perhaps applied by hand, out of order), and its own effect cannot be checked"
                        : "cannot tell whether it ran: " + f.presentAfter + " after it are present while "
                                + f.missingBefore + " before it are not");
            } else if (missingBefore.isEmpty()) {
                present.set(i);
                f.state = RevisionState.PRESENT_UNSTAMPED;
                f.notes.add("not stamped, but everything before it and something after it is present: treated as run");
            } else {
                f.state = RevisionState.MISSING;
                f.notes.add("no schema change; it will run as part of the plan");
            }
        }
    }

    private BitSet descendantsPresent(int i) {
        BitSet result = new BitSet(graph.size());
        for (int j = present.nextSetBit(i + 1); j >= 0; j = present.nextSetBit(j + 1)) {
            if (graph.isAncestor(i, j)) {
                result.set(j);
            }
        }
        return result;
    }

    private static boolean removesFrom(Revision revision, String table) {
        return revision.file().operations().stream().anyMatch(op -> op.removesFrom(table));
    }

}
