package io.medic.doctor.reconcile;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.schema.Difference;
import io.medic.events.RevisionState;

import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * What reconciliation concluded: one {@link RevisionState} per revision (the one truth the plan is built
 * from), the evidence behind each, and what is true of the database as a whole. Every question the plan
 * builder, the proof and the summary ask is a filter over the states, as Flyway's MigrationInfoService
 * answers {@code pending()}, {@code applied()} and {@code outOfOrder()} from its MigrationStates. Indexes
 * are the graph's topological indexes.
 */
public final class Reconciliation {

    private final RevisionGraph graph;
    private final List<RevisionState> states;
    private final List<Evidence> evidence;
    private final List<String> unknownRows;
    private final List<Difference> unexplained;
    private final List<Difference> extras;

    /**
     * @param unknownRows version rows naming revisions the files do not have
     * @param unexplained objects head's schema has that the database lacks and no set of revisions explains
     * @param extras      objects in managed tables no migration creates: reported, tolerated
     */
    Reconciliation(RevisionGraph graph, List<RevisionState> states, List<Evidence> evidence, List<String> unknownRows,
                   List<Difference> unexplained, List<Difference> extras) {
        if (states.size() != graph.size() || evidence.size() != graph.size()) {
            throw new IllegalArgumentException("one state and one piece of evidence per revision");
        }
        this.graph = graph;
        this.states = List.copyOf(states);
        this.evidence = List.copyOf(evidence);
        this.unknownRows = List.copyOf(unknownRows);
        this.unexplained = List.copyOf(unexplained);
        this.extras = List.copyOf(extras);
    }

    public RevisionGraph graph() {
        return graph;
    }

    public RevisionState state(int revision) {
        return states.get(revision);
    }

    /** In topological order. */
    public List<RevisionState> states() {
        return states;
    }

    public Evidence evidence(int revision) {
        return evidence.get(revision);
    }

    public List<String> unknownRows() {
        return unknownRows;
    }

    public List<Difference> unexplained() {
        return unexplained;
    }

    public List<Difference> extras() {
        return extras;
    }

    /** The revisions whose state passes the test. */
    public BitSet where(Predicate<RevisionState> test) {
        BitSet set = new BitSet(states.size());
        for (int i = 0; i < states.size(); i++) {
            if (test.test(states.get(i))) {
                set.set(i);
            }
        }
        return set;
    }

    /** Their ids, in topological order. */
    public List<String> ids(Predicate<RevisionState> test) {
        return graph.ids(where(test));
    }

    /** Revisions whose effect is in the database (seen, or assumed where it cannot be seen). */
    public BitSet present() {
        return where(RevisionState::effectPresent);
    }

    /** Revisions the version table implies (its rows and their ancestors). */
    public BitSet stamped() {
        return where(RevisionState::stamped);
    }

    /** Revisions a plan must run. */
    public BitSet needsRun() {
        return where(RevisionState::needsRun);
    }

    /** Revisions a plan must stamp past without running them. */
    public BitSet needsStamp() {
        return where(RevisionState::needsStamp);
    }

    /** Present revisions with an ancestor that is not: they took effect out of order. */
    public BitSet outOfOrder() {
        BitSet present = present();
        BitSet result = (BitSet) present.clone();
        result.andNot(graph.closedCore(present));
        return result;
    }

    /** True when every revision's effect is in the database. */
    public boolean allPresent() {
        return present().cardinality() == states.size();
    }
}
