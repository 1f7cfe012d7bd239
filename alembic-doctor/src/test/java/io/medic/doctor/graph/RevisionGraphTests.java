package io.medic.doctor.graph;

import io.medic.doctor.migration.MigrationFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionGraphTests {

    private static MigrationFile rev(String id, List<String> down, List<String> labels, List<String> dependsOn) {
        return new MigrationFile(Path.of(id + ".py"), id, down, labels, dependsOn, "", List.of());
    }

    private static MigrationFile rev(String id, String... down) {
        return rev(id, List.of(down), List.of(), List.of());
    }

    @Test
    void rootsHeadsBranchPointsAndMerges() throws GraphException {
        RevisionGraph g = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("d", "b", "c"),
                rev("e", "d")));
        assertThat(g.bases()).containsExactly("a");
        assertThat(g.heads()).containsExactly("e");
        assertThat(g.order().stream().map(Revision::id)).containsExactly("a", "b", "c", "d", "e");
        assertThat(g.ids(g.closure(List.of("b")))).containsExactly("a", "b");
        assertThat(g.headsOf(g.closure(List.of("b", "c")))).containsExactly("b", "c");
        assertThat(g.isAncestor(g.get("c").index(), g.get("e").index())).isTrue();
        assertThat(g.isAncestor(g.get("b").index(), g.get("c").index())).isFalse();
    }

    @Test
    void dependenciesByIdOrBranchLabelAreEdgesButDoNotMakeHeads() throws GraphException {
        RevisionGraph g = RevisionGraph.of(List.of(rev("a"), rev("b", "a"),
                rev("s1", List.of(), List.of("side"), List.of()), rev("s2", "s1"),
                rev("c", List.of("b"), List.of(), List.of("side")),
                rev("d", List.of("c"), List.of(), List.of("s2"))));
        assertThat(g.heads()).as("s2 is depended on").containsExactly("d");
        assertThat(g.bases()).containsExactly("a", "s1");
        assertThat(g.get("c").dependencies()).containsExactly("s1");
        assertThat(g.ids(g.closure(List.of("d")))).containsExactlyInAnyOrder("a", "b", "c", "d", "s1", "s2");
        assertThat(g.get("d").normalizedDownRevisions()).containsExactly("c", "s2");
        assertThat(g.branchLabels()).containsEntry("side", "s1");
    }

    @Test
    void aRevisionOnlyDependedOnIsAVersionedHeadNotARealOneAndHeadResolvesAsAlembicDoes() throws Exception {
        // Alembic's RevisionMap: depends_on takes a revision out of the real heads (what 'heads' means), not
        // out of the versioned heads (among which 'head' must be the only one)
        RevisionGraph g = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("s"),
                rev("c", List.of("b"), List.of(), List.of("s"))));
        assertThat(g.heads()).containsExactly("c");
        assertThat(g.versionedHeads()).containsExactly("s", "c");
        assertThat(g.resolve("heads")).containsExactly(g.get("c").index());
        assertThatThrownBy(() -> g.resolve("head")).isInstanceOf(ResolutionException.class)
                .hasMessage("Multiple head revisions are present for given argument 'head'");
        assertThat(g.resolve("base")).isEmpty();
        assertThat(g.resolve("b")).containsExactly(g.get("b").index());
        assertThatThrownBy(() -> g.resolve("zz")).isInstanceOf(ResolutionException.class)
                .hasMessage("Can't locate revision identified by 'zz'");

        RevisionGraph merged = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("d", "b", "c")));
        assertThat(merged.versionedHeads()).containsExactly("d");
        assertThat(merged.resolve("head")).containsExactly(merged.get("d").index());
    }

    @Test
    void aDependencyAnAncestorAlreadyHasIsNotRepeated() throws GraphException {
        RevisionGraph g = RevisionGraph.of(List.of(rev("x"), rev("a"),
                rev("b", List.of("a"), List.of(), List.of("x")), rev("c", List.of("b"), List.of(), List.of("x"))));
        assertThat(g.get("b").normalizedDownRevisions()).containsExactly("a", "x");
        assertThat(g.get("c").normalizedDownRevisions()).containsExactly("b");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        assertThatThrownBy(() -> RevisionGraph.of(List.of(rev("a"), rev("b", "zz"), rev("c", "yy"),
                rev("d", List.of("a"), List.of(), List.of("nolabel")))))
                .isInstanceOf(GraphException.class)
                .satisfies(e -> assertThat(((GraphException) e).problems()).hasSize(3))
                .hasMessageContaining("Revision zz referenced from b")
                .hasMessageContaining("Revision yy referenced from c")
                .hasMessageContaining("nolabel");
    }

    @Test
    void duplicateIdsAndLabelsAreErrors() {
        assertThatThrownBy(() -> RevisionGraph.of(List.of(rev("a"), rev("a"))))
                .isInstanceOf(GraphException.class).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> RevisionGraph.of(List.of(rev("a", List.of(), List.of("x"), List.of()),
                rev("b", List.of(), List.of("x"), List.of())))).hasMessageContaining("branch label 'x'");
    }

    @Test
    void aCycleIsReportedNotFollowed() {
        assertThatThrownBy(() -> RevisionGraph.of(List.of(rev("r"), rev("a", "c"), rev("b", "a"), rev("c", "b"))))
                .isInstanceOf(GraphException.class).hasMessageContaining("a, b, c form a cycle");
        assertThatThrownBy(() -> RevisionGraph.of(List.of(rev("a", List.of(), List.of(), List.of("b")),
                rev("b", "a")))).hasMessageContaining("cycle");
    }

    @Test
    void theLargestClosedCoreExcludesWhatRanOutOfOrder() throws GraphException {
        RevisionGraph g = RevisionGraph.of(List.of(rev("a"), rev("b", "a"), rev("c", "b"), rev("d", "c")));
        var applied = g.closure(List.of("a"));
        applied.set(g.get("c").index());
        assertThat(g.ids(g.closedCore(applied))).containsExactly("a");
        assertThat(g.isClosed(applied)).isFalse();
    }
}
