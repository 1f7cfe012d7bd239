package io.medic.doctor.corpus;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.doctor.graph.Revision;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.MigrationDirectory;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.AlembicResult;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.SchemaDump;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, rules 4 and 6: public projects' Alembic histories that nobody here wrote (vendored under
 * {@code src/test/resources/corpus}, see each NOTE.md), built by REAL Alembic from an empty database. A healthy
 * database is never refused; behind, the plan is exactly {@code alembic upgrade head}; and for the seed
 * incident's drift shapes, whatever the engine proposes, executed by real Alembic, ends at head's schema as a
 * fresh {@code upgrade head} builds it (pg_dump equal), or the engine says a person must decide. Never a wrong
 * plan.
 * <p>
 * {@code -Dmedic.corpus.seed=S -Dmedic.corpus.behind=N} to try other revisions to be behind at.
 */
class RealWorldCorpusIT {

    private static final long SEED = Long.getLong("medic.corpus.seed", 20261202L);
    private static final int BEHIND = Integer.getInteger("medic.corpus.behind", 2);
    private static final Map<String, SchemaDump> HEADS = new HashMap<>();
    private static final String FASTAPI = "full-stack-fastapi-template";

    /** A migration project the tests have: a vendored corpus, or a form of the basketball fixture. */
    record Project(String name, java.util.function.BiFunction<Path, ThrowawayDatabase, AlembicProject> copy) {
        @Override
        public String toString() {
            return name;
        }

        AlembicProject copyInto(Path parent, ThrowawayDatabase db) {
            return copy.apply(parent, db);
        }
    }

    /** Rule 4's invariant holds for every migration project the tests have. */
    static Stream<Project> projects() {
        return Stream.of(
                new Project("ctfd", (parent, db) -> AlembicProject.copyOfCorpus("ctfd", parent, db)),
                new Project(FASTAPI, (parent, db) -> AlembicProject.copyOfCorpus(FASTAPI, parent, db)),
                new Project("basketball linear", (parent, db) -> AlembicProject.copyOf(FixtureForm.LINEAR, parent, db)),
                new Project("basketball branched", (parent, db) -> AlembicProject.copyOf(FixtureForm.BRANCHED, parent, db)));
    }

    /** A drift shape of the seed incident, built on a corpus project by real Alembic and SQL by hand. */
    record Drift(String corpus, String name, Setup setup) {
        @Override
        public String toString() {
            return corpus + ": " + name;
        }
    }

    @FunctionalInterface
    interface Setup {
        void build(AlembicProject project);
    }

    static Stream<Drift> drifts() {
        return Stream.of(
                // the silent skip: b295b033364d (its foreign keys' ON DELETE CASCADE only under a dialect
                // test) never ran; 080d29b15cd3 after it was applied by hand, without being stamped
                new Drift("ctfd", "skipped dialect-branch revision, the next applied by hand", project -> {
                    project.upgrade("b5551cd26764");
                    byHand(project, "b295b033364d", "080d29b15cd3", Integer.MAX_VALUE);
                }),
                // the version table was restored from an old backup: effects up to 0def790057c1, stamped 4d3c1b59d011
                new Drift("ctfd", "stale version table across a data migration", project -> {
                    project.upgrade("0def790057c1");
                    project.stamp("4d3c1b59d011");
                }),
                new Drift("ctfd", "stale version table", project -> {
                    project.upgrade("a49ad66aa0f1");
                    project.stamp("9889b8c53673");
                }),
                new Drift("ctfd", "at head, version table lost", project -> {
                    project.upgrade("head");
                    project.database().execute("DROP TABLE alembic_version");
                }),
                new Drift("ctfd", "ahead of the image (a revision these files do not have)", project -> {
                    project.upgrade("head");
                    project.database().execute("UPDATE alembic_version SET version_num = 'f00dcafe1234'");
                }),
                // 336b8c601b94 creates four tables; someone ran the first two of its statements by hand
                new Drift("ctfd", "a revision half run by hand", project -> {
                    project.upgrade("48d8250d19bd");
                    byHand(project, "48d8250d19bd", "336b8c601b94", 2);
                }),
                // 1a31ce608336 remakes item's foreign key with ON DELETE CASCADE; it was skipped, the next run by hand
                new Drift(FASTAPI, "skipped ondelete revision, the next applied by hand", project -> {
                    project.upgrade("d98dd8ec85a3");
                    byHand(project, "1a31ce608336", "fe56fa70289e", Integer.MAX_VALUE);
                }),
                new Drift(FASTAPI, "stale version table across the UUID re-keying", project -> {
                    project.upgrade("1a31ce608336");
                    project.stamp("9c0a54914c78");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void atHeadTheDatabaseRealAlembicBuiltIsHealthyWithNoSteps(Project p, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("project " + p + " at head").open()) {
            AlembicProject project = p.copyInto(tmp, db);
            project.upgrade("head");
            Prescription d = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
            assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.HEALTHY);
            assertThat(d.alembicCommands()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void behindAtRandomRevisionsThePlanIsExactlyUpgradeHead(Project p, @TempDir Path tmp) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < BEHIND; i++) {
            try (ThrowawayDatabase db = new ThrowawayDatabase("project " + p + " behind").open()) {
                AlembicProject project = p.copyInto(tmp.resolve("behind-" + i), db);
                List<String> order = order(project.versionsDir());
                String k = order.get(random.nextInt(order.size() - 1));
                project.upgrade(k);
                Prescription d = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
                assertThat(d.alembicCommands()).as("seed " + SEED + ": at " + k + ": " + d.diagnosis().reason())
                        .containsExactly("alembic upgrade head");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void whateverIsProposedRealAlembicEndsAtHeadsSchema(Drift drift, @TempDir Path tmp) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("corpus " + drift.corpus() + " drift").open()) {
            AlembicProject project = AlembicProject.copyOfCorpus(drift.corpus(), tmp, db);
            drift.setup().build(project);
            Prescription d = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
            String context = drift + ": " + d.diagnosis().verdict() + " " + d.diagnosis().reason() + "\n plan "
                    + d.alembicCommands();
            assertThat(d.diagnosis().verdict()).as(context).isIn(Verdict.AUTO_PLAN, Verdict.NEEDS_HUMAN, Verdict.HEALTHY);
            if (d.diagnosis().verdict() == Verdict.NEEDS_HUMAN) {
                assertThat(d.alembicCommands()).as(context).isEmpty();
                return;
            }
            for (String command : d.alembicCommands()) {
                project.run(command);
            }
            assertThat(project.current()).as(context).isEqualTo(project.heads());
            assertThat(SchemaDump.of(db).diff(head(drift.corpus(), tmp))).as(context + "\n differs from head's schema")
                    .isEmpty();
        }
    }

    /**
     * Applies the revisions after {@code from} up to {@code to} by hand: the first {@code statements} of the SQL
     * real Alembic emits for them ({@code upgrade from:to --sql}), without its transaction and version-table
     * statements.
     */
    private static void byHand(AlembicProject project, String from, String to, int statements) {
        AlembicResult sql = project.run("alembic upgrade " + from + ":" + to + " --sql");
        List<String> script = Stream.of(sql.stdout().split(";\\s*\\n"))
                .map(statement -> statement.lines().filter(line -> !line.startsWith("--"))
                        .collect(Collectors.joining("\n")).strip())
                .filter(statement -> !statement.isEmpty() && !statement.equals("BEGIN") && !statement.equals("COMMIT")
                        && !statement.contains("alembic_version"))
                .limit(statements)
                .toList();
        assertThat(script).as("the SQL of " + from + ":" + to).isNotEmpty();
        project.database().execute(script.toArray(String[]::new));
    }

    /** Alembic's order of the revisions (a topological order: every revision after its ancestors). */
    private static List<String> order(Path versions) throws Exception {
        RevisionGraph graph = RevisionGraph.of(MigrationDirectory.read(versions).files());
        return graph.order().stream().map(Revision::id).toList();
    }

    /** Head's schema as real Alembic builds it from empty, once per corpus. */
    private static synchronized SchemaDump head(String corpus, Path tmp) {
        return HEADS.computeIfAbsent(corpus, c -> {
            try (ThrowawayDatabase db = new ThrowawayDatabase("corpus " + c + " fresh head").open()) {
                AlembicProject project = AlembicProject.copyOfCorpus(c, tmp.resolve("fresh-head"), db);
                project.upgrade("head");
                return SchemaDump.of(db);
            }
        });
    }
}
