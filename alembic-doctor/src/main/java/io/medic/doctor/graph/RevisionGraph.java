package io.medic.doctor.graph;

import io.medic.doctor.migration.MigrationFile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The revision graph with Alembic's own semantics, as its {@code RevisionMap} (alembic/script/revision.py)
 * keeps them: edges from {@code down_revision} (versioned) and {@code depends_on} (dependencies, by revision
 * id or branch label); the real heads (nothing points at them through either), the versioned heads (no
 * {@code down_revision} names them), the bases, and the resolution of {@code head}, {@code heads},
 * {@code base} and revision ids. Missing parents, duplicate ids, unknown dependencies and cycles are reported
 * together as a {@link GraphException}, never followed.
 * <p>
 * Sets of revisions are {@link BitSet}s over the topological index, so ancestor closures over thousands
 * of revisions are word operations.
 */
public final class RevisionGraph {

    /** Alembic's {@code _revision_illegal_chars}: its relative and branch syntax ({@code label@rev}, {@code +1}). */
    private static final String ILLEGAL_ID_CHARACTERS = "@-+";

    private final List<Revision> order;
    private final Map<String, Revision> byId;
    private final BitSet[] ancestors;
    private final BitSet[] versionedAncestors;
    private final List<String> heads;
    private final List<String> versionedHeads;
    private final List<String> bases;
    private final Map<String, String> branchLabels;

    private RevisionGraph(List<Revision> order, BitSet[] ancestors, BitSet[] versionedAncestors,
                          Map<String, String> branchLabels) {
        this.order = List.copyOf(order);
        this.byId = new HashMap<>();
        order.forEach(r -> byId.put(r.id(), r));
        this.ancestors = ancestors;
        this.versionedAncestors = versionedAncestors;
        this.branchLabels = Map.copyOf(branchLabels);
        // as RevisionMap._revision_map: a down_revision takes its target out of both kinds of heads, a
        // dependency only out of the real heads
        BitSet versionedPointedAt = new BitSet(order.size());
        BitSet pointedAt = new BitSet(order.size());
        for (Revision r : order) {
            r.downRevisions().forEach(d -> versionedPointedAt.set(byId.get(d).index()));
            r.dependencies().forEach(d -> pointedAt.set(byId.get(d).index()));
        }
        pointedAt.or(versionedPointedAt);
        List<String> h = new ArrayList<>();
        List<String> v = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Revision r : order) {
            if (!pointedAt.get(r.index())) {
                h.add(r.id());
            }
            if (!versionedPointedAt.get(r.index())) {
                v.add(r.id());
            }
            if (r.downRevisions().isEmpty()) {
                b.add(r.id());
            }
        }
        this.heads = List.copyOf(h);
        this.versionedHeads = List.copyOf(v);
        this.bases = List.copyOf(b);
    }

    /** Alembic's own check when it builds a Revision ({@code Revision.verify_rev_id}), with its message. */
    private static java.util.Optional<String> illegalCharacters(MigrationFile f) {
        java.util.TreeSet<Character> illegal = new java.util.TreeSet<>();
        for (char c : f.revision().toCharArray()) {
            if (ILLEGAL_ID_CHARACTERS.indexOf(c) >= 0) {
                illegal.add(c);
            }
        }
        return illegal.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("Character(s) '"
                + illegal.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + "' not allowed in revision identifier '" + f.revision() + "' (" + name(f) + ")");
    }

    /** Builds the graph, or reports every problem found. */
    public static RevisionGraph of(List<MigrationFile> files) throws GraphException {
        List<String> problems = new ArrayList<>();
        Map<String, MigrationFile> byId = new TreeMap<>();
        Map<String, String> labels = new HashMap<>();
        for (MigrationFile f : files) {
            illegalCharacters(f).ifPresent(problems::add);
            if (f.revision().indexOf('\'') >= 0) {
                // alembic.runtime.migration writes version_num='<id>' into its SQL with no escaping
                problems.add("revision id " + f.revision() + " (" + name(f) + ") holds a single quote, which Alembic"
                        + " writes unescaped into the version table's SQL: no stamp or upgrade can record it");
            }
            MigrationFile previous = byId.putIfAbsent(f.revision(), f);
            if (previous != null) {
                problems.add("revision " + f.revision() + " is defined twice: " + previous.file() + " and " + f.file());
            }
        }
        for (MigrationFile f : byId.values()) {
            for (String label : f.branchLabels()) {
                String other = labels.putIfAbsent(label, f.revision());
                if (other != null) {
                    problems.add("branch label '" + label + "' is declared by both " + other + " and " + f.revision());
                }
            }
        }
        Map<String, List<String>> dependencies = new HashMap<>();
        for (MigrationFile f : byId.values()) {
            for (String down : f.downRevisions()) {
                if (!byId.containsKey(down)) {
                    problems.add("Revision " + down + " referenced from " + f.revision() + " (" + name(f)
                            + ") is not present");
                }
            }
            List<String> deps = new ArrayList<>();
            for (String dep : f.dependsOn()) {
                String resolved = byId.containsKey(dep) ? dep : labels.get(dep);
                if (resolved == null) {
                    problems.add("depends_on '" + dep + "' of " + f.revision() + " (" + name(f)
                            + ") names no revision or branch label");
                } else if (!deps.contains(resolved)) {
                    deps.add(resolved);
                }
            }
            dependencies.put(f.revision(), deps);
        }
        if (!problems.isEmpty()) {
            throw new GraphException(problems);
        }

        // Kahn's algorithm; ties broken by revision id so the order is deterministic.
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (MigrationFile f : byId.values()) {
            Set<String> parents = new LinkedHashSet<>(f.downRevisions());
            parents.addAll(dependencies.get(f.revision()));
            pending.put(f.revision(), parents.size());
            parents.forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(f.revision()));
        }
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.naturalOrder());
        pending.forEach((id, n) -> {
            if (n == 0) {
                ready.add(id);
            }
        });
        List<String> sorted = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            sorted.add(id);
            for (String child : children.getOrDefault(id, List.of())) {
                if (pending.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (sorted.size() < byId.size()) {
            List<String> cyclic = byId.keySet().stream().filter(id -> pending.get(id) > 0).sorted().toList();
            throw new GraphException(List.of("the revisions " + String.join(", ", cyclic)
                    + " form a cycle (through down_revision or depends_on)"));
        }

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            index.put(sorted.get(i), i);
        }
        BitSet[] ancestors = new BitSet[sorted.size()];
        BitSet[] versioned = new BitSet[sorted.size()];
        List<Revision> revisions = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            MigrationFile f = byId.get(sorted.get(i));
            List<String> deps = dependencies.get(f.revision());
            BitSet all = new BitSet(sorted.size());
            BitSet down = new BitSet(sorted.size());
            for (String d : f.downRevisions()) {
                int j = index.get(d);
                all.set(j);
                all.or(ancestors[j]);
                down.set(j);
                down.or(versioned[j]);
            }
            for (String d : deps) {
                int j = index.get(d);
                all.set(j);
                all.or(ancestors[j]);
            }
            ancestors[i] = all;
            versioned[i] = down;
            revisions.add(new Revision(f.revision(), i, f, f.downRevisions(), deps,
                    normalizedDown(f, deps, down, sorted, dependencies)));
        }
        return new RevisionGraph(revisions, ancestors, versioned, labels);
    }

    /** Alembic's _normalized_down_revisions: drop dependencies an ancestor (via down_revision) already has. */
    private static List<String> normalizedDown(MigrationFile f, List<String> deps, BitSet versionedAncestors,
                                               List<String> sorted, Map<String, List<String>> dependencies) {
        if (deps.isEmpty()) {
            return f.downRevisions();
        }
        Set<String> normalized = new LinkedHashSet<>(deps);
        for (int j = versionedAncestors.nextSetBit(0); j >= 0; j = versionedAncestors.nextSetBit(j + 1)) {
            normalized.removeAll(dependencies.get(sorted.get(j)));
        }
        Set<String> result = new LinkedHashSet<>(f.downRevisions());
        result.addAll(normalized);
        return List.copyOf(result);
    }

    private static String name(MigrationFile f) {
        return f.file() == null ? "?" : String.valueOf(f.file().getFileName());
    }

    public int size() {
        return order.size();
    }

    /** Parents and dependencies before children. */
    public List<Revision> order() {
        return order;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public Revision get(String id) {
        Revision r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no revision " + id);
        }
        return r;
    }

    public Revision at(int index) {
        return order.get(index);
    }

    /**
     * Alembic's real heads ({@code RevisionMap._real_heads}): revisions no other revision builds on or depends
     * on. What {@code heads} resolves to, so what {@code alembic upgrade heads} reaches; the version rows at head.
     */
    public List<String> heads() {
        return heads;
    }

    /**
     * Alembic's versioned heads ({@code RevisionMap.heads}): revisions no {@code down_revision} names (a
     * dependency does not count). {@code head} resolves only when there is exactly one.
     */
    public List<String> versionedHeads() {
        return versionedHeads;
    }

    /** Revisions without a {@code down_revision}. */
    public List<String> bases() {
        return bases;
    }

    /**
     * The revisions a command argument names, as Alembic's {@code RevisionMap._resolve_revision_number}
     * resolves it: {@code heads} the real heads, {@code head} the one versioned head (none in an empty graph),
     * {@code base} none, else a revision id.
     *
     * @throws ResolutionException for an unknown id, or {@code head} with several versioned heads
     */
    public List<Integer> resolve(String target) throws ResolutionException {
        return switch (target) {
            case "heads" -> heads.stream().map(h -> byId.get(h).index()).toList();
            case "head" -> {
                if (versionedHeads.size() > 1) {
                    throw new ResolutionException("Multiple head revisions are present for given argument 'head'");
                }
                yield versionedHeads.stream().map(h -> byId.get(h).index()).toList();
            }
            case "base" -> List.of();
            default -> List.of(locate(target).index());
        };
    }

    /**
     * The revision with this id, as Alembic looks up a version row or a revision argument.
     *
     * @throws ResolutionException when the files have no such revision
     */
    public Revision locate(String id) throws ResolutionException {
        Revision r = byId.get(id);
        if (r == null) {
            throw new ResolutionException("Can't locate revision identified by '" + id + "'");
        }
        return r;
    }

    public Map<String, String> branchLabels() {
        return branchLabels;
    }

    /** The ancestors of one revision (down revisions and dependencies, transitively), itself excluded. */
    public BitSet ancestorsOf(int index) {
        return (BitSet) ancestors[index].clone();
    }

    /** Ancestors through down_revision only, itself excluded. */
    public BitSet versionedAncestorsOf(int index) {
        return (BitSet) versionedAncestors[index].clone();
    }

    /** The revisions Alembic considers applied when the version table holds {@code rows}: rows and all ancestors. */
    public BitSet closure(Collection<String> rows) {
        BitSet set = new BitSet(order.size());
        for (String row : rows) {
            Revision r = get(row);
            set.set(r.index());
            set.or(ancestors[r.index()]);
        }
        return set;
    }

    public BitSet closureOf(BitSet revisions) {
        BitSet set = (BitSet) revisions.clone();
        for (int i = revisions.nextSetBit(0); i >= 0; i = revisions.nextSetBit(i + 1)) {
            set.or(ancestors[i]);
        }
        return set;
    }

    /** True when every ancestor of every member is a member. */
    public boolean isClosed(BitSet revisions) {
        for (int i = revisions.nextSetBit(0); i >= 0; i = revisions.nextSetBit(i + 1)) {
            BitSet missing = (BitSet) ancestors[i].clone();
            missing.andNot(revisions);
            if (!missing.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The largest ancestor-closed subset: members whose every ancestor is a member. */
    public BitSet closedCore(BitSet revisions) {
        BitSet core = new BitSet(order.size());
        for (int i = revisions.nextSetBit(0); i >= 0; i = revisions.nextSetBit(i + 1)) {
            BitSet missing = (BitSet) ancestors[i].clone();
            missing.andNot(core);
            if (missing.isEmpty()) {
                core.set(i);
            }
        }
        return core;
    }

    /** The maximal members of an ancestor-closed set: the version rows Alembic keeps for it. */
    public List<String> headsOf(BitSet closedSet) {
        BitSet covered = new BitSet(order.size());
        for (int i = closedSet.nextSetBit(0); i >= 0; i = closedSet.nextSetBit(i + 1)) {
            covered.or(ancestors[i]);
        }
        List<String> rows = new ArrayList<>();
        for (int i = closedSet.nextSetBit(0); i >= 0; i = closedSet.nextSetBit(i + 1)) {
            if (!covered.get(i)) {
                rows.add(order.get(i).id());
            }
        }
        return rows;
    }

    /** True if {@code a} is an ancestor of {@code b}. */
    public boolean isAncestor(int a, int b) {
        return ancestors[b].get(a);
    }

    public List<String> ids(BitSet set) {
        List<String> ids = new ArrayList<>(set.cardinality());
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            ids.add(order.get(i).id());
        }
        return ids;
    }

    public BitSet all() {
        BitSet set = new BitSet(order.size());
        set.set(0, order.size());
        return set;
    }
}
