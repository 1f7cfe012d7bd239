package io.medic.sandbox.basketball;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixture's git history, read back with JGit as the planner's git migration source reads it. */
class FixtureRepositoryTests {

    @TempDir
    static Path dir;
    private static Repository repo;

    @BeforeAll
    static void build() throws IOException {
        BasketballApi.build(dir.resolve("basketball-api.git"), FixtureSources.fromClasspath());
        repo = new FileRepositoryBuilder().setGitDir(dir.resolve("basketball-api.git").toFile()).setMustExist(true).build();
    }

    @AfterAll
    static void close() {
        repo.close();
    }

    @Test
    void theIncidentsCommitsResolveByTheirSevenCharacterPrefixes() throws IOException {
        for (String prefix : List.of(BasketballApi.OLD_COMMIT, BasketballApi.CURRENT_COMMIT, BasketballApi.BRANCHED_COMMIT)) {
            ObjectId id = repo.resolve(prefix);
            assertThat(id).as(prefix).isNotNull();
            assertThat(id.name()).startsWith(prefix);
            assertThat(repo.resolve(prefix + "^{commit}")).isEqualTo(id);
        }
        assertThat(repo.resolve("refs/heads/main").name()).startsWith(BasketballApi.CURRENT_COMMIT);
        assertThat(repo.resolve("refs/heads/branched").name()).startsWith(BasketballApi.BRANCHED_COMMIT);
        assertThat(repo.resolve("HEAD")).isEqualTo(repo.resolve(BasketballApi.CURRENT_COMMIT));
    }

    @Test
    void theOldCommitHoldsMigrations001To017Only() throws IOException {
        assertThat(revisions(BasketballApi.OLD_COMMIT)).containsExactlyElementsOf(range(1, 17));
        assertThat(revisions(BasketballApi.CURRENT_COMMIT)).containsExactlyElementsOf(range(1, 24));
        assertThat(revisions(BasketballApi.BRANCHED_COMMIT)).containsExactlyElementsOf(range(1, 24));
    }

    @Test
    void theOldCommitIs23CommitsBehindBothTips() throws IOException {
        for (String tip : List.of(BasketballApi.CURRENT_COMMIT, BasketballApi.BRANCHED_COMMIT)) {
            try (RevWalk walk = new RevWalk(repo)) {
                walk.markStart(walk.parseCommit(repo.resolve(tip)));
                walk.markUninteresting(walk.parseCommit(repo.resolve(BasketballApi.OLD_COMMIT)));
                int behind = 0;
                for (RevCommit ignored : walk) {
                    behind++;
                }
                assertThat(behind).as("commits in %s..%s", BasketballApi.OLD_COMMIT, tip).isEqualTo(23);
            }
        }
    }

    @Test
    void eachTipHoldsItsFormsMigrationsExactly() throws IOException {
        FixtureSources sources = FixtureSources.fromClasspath();
        assertThat(versionFiles(BasketballApi.CURRENT_COMMIT)).isEqualTo(text(sources.directory("linear/versions")));
        assertThat(versionFiles(BasketballApi.BRANCHED_COMMIT)).isEqualTo(text(sources.directory("branched/versions")));
        assertThat(file(BasketballApi.CURRENT_COMMIT, "versions/022_merge_heads.py")).contains("down_revision = '021'");
        assertThat(file(BasketballApi.BRANCHED_COMMIT, "versions/022_merge_heads.py")).contains("down_revision = ('020', '021')");
        assertThat(file(BasketballApi.OLD_COMMIT, "app.py")).contains("command.upgrade");
    }

    @Test
    void theHistoryIsDeterministic(@TempDir Path other) throws IOException {
        FixtureRepository.Commits again = BasketballApi.build(other.resolve("again.git"), FixtureSources.fromClasspath());
        assertThat(again.linearTip()).isEqualTo(repo.resolve(BasketballApi.CURRENT_COMMIT));
        assertThat(again.branchedTip()).isEqualTo(repo.resolve(BasketballApi.BRANCHED_COMMIT));
        assertThat(again.old()).isEqualTo(repo.resolve(BasketballApi.OLD_COMMIT));
    }

    @Test
    void aChangedInputIsRefusedWithTheCommandThatRegeneratesTheNonces(@TempDir Path copy) throws IOException {
        Path examples = copy.resolve("basketball-api");
        FixtureSources original = FixtureSources.fromClasspath();
        for (String d : List.of("app", "linear", "branched", "linear/versions", "branched/versions")) {
            original.directory(d).forEach((name, bytes) -> write(examples.resolve(d).resolve(name), bytes));
        }
        write(examples.resolve(FixtureCommits.FILE), original.file(FixtureCommits.FILE));
        Files.writeString(examples.resolve("app/app.py"), "\n# a change\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> BasketballApi.build(copy.resolve("changed.git"), FixtureSources.fromDirectory(examples)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BasketballApi.OLD_COMMIT)
                .hasMessageContaining("sandbox/fixture-nonces.sh");
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("%03d", i)).toList();
    }

    private static List<String> revisions(String commit) throws IOException {
        return versionFiles(commit).keySet().stream().map(n -> n.substring(0, 3)).sorted().toList();
    }

    private static Map<String, String> versionFiles(String commit) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(repo.resolve(commit)).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(BasketballApi.VERSIONS_PATH));
            while (tree.next()) {
                files.put(tree.getNameString(), new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String file(String commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
             TreeWalk tree = TreeWalk.forPath(repo, path, walk.parseCommit(repo.resolve(commit)).getTree())) {
            return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> text(Map<String, byte[]> files) {
        Map<String, String> t = new TreeMap<>();
        files.forEach((k, v) -> t.put(k, new String(v, StandardCharsets.UTF_8)));
        return t;
    }
}
