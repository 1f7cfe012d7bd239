package io.medic.doctor.plan;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.MigrationDirectory;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.AlembicResult;
import io.medic.doctor.testing.FixtureForm;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model of {@code alembic stamp} and {@code alembic upgrade} that plans are proven against,
 * checked against real Alembic on a graph with a branch point, a merge, a second root with a branch
 * label, and a {@code depends_on} across branches: for each starting version table and command, the
 * model must predict the same version rows and the same revisions run (each creates a table), or the
 * same refusal.
 */
class AlembicModelIT {

    private static Path workspace;
    private static AlembicProject project;
    private static ThrowawayDatabase db;
    private static RevisionGraph graph;

    /** id, down revisions, branch labels, depends_on */
    private static final String[][] REVISIONS = {
            {"r1", "", "", ""},
            {"r2", "r1", "", ""},
            {"r3", "r1", "", ""},
            {"r4", "r2 r3", "", ""},
            {"s1", "", "side", ""},
            {"s2", "s1", "", ""},
            {"r5", "r4", "", "s2"},
            {"r6", "r5", "", ""},
    };

    @BeforeAll
    static void project() throws Exception {
        workspace = Files.createTempDirectory("medic-alembic-model");
        db = new ThrowawayDatabase("alembic_model").open();
        project = AlembicProject.copyOf(FixtureForm.LINEAR, workspace, db);
        try (Stream<Path> old = Files.list(project.versionsDir())) {
            for (Path p : old.toList()) {
                if (p.toString().endsWith(".py")) {
                    Files.delete(p);
                }
            }
        }
        for (String[] r : REVISIONS) {
            Files.writeString(project.versionsDir().resolve(r[0] + ".py"), source(r));
        }
        graph = RevisionGraph.of(MigrationDirectory.read(project.versionsDir()).files());
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static String tuple(String words) {
        if (words.isEmpty()) {
            return "None";
        }
        String[] ids = words.split(" ");
        return ids.length == 1 ? "'" + ids[0] + "'" : "(" + String.join(", ", Arrays.stream(ids).map(i -> "'" + i + "'").toList()) + ",)";
    }

    private static String source(String[] r) {
        return "revision = '" + r[0] + "'\n"
                + "down_revision = " + tuple(r[1]) + "\n"
                + "branch_labels = " + (r[2].isEmpty() ? "None" : "('" + r[2] + "',)") + "\n"
                + "depends_on = " + tuple(r[3]) + "\n\n"
                + "from alembic import op\nimport sqlalchemy as sa\n\n"
                + "def upgrade():\n    op.create_table('t_" + r[0] + "', sa.Column('id', sa.Integer(), primary_key=True))\n\n"
                + "def downgrade():\n    op.drop_table('t_" + r[0] + "')\n";
    }

    /** Each case exercises a distinct rule of Alembic's bookkeeping (one Alembic run costs ~1.5 s). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(), "upgrade heads"),                 // from nothing: both roots, the dependency
                Arguments.of(List.of(), "upgrade head"),                  // two versioned heads: refused
                Arguments.of(List.of(), "upgrade s2"),                    // a second root alone
                Arguments.of(List.of("r2"), "upgrade r3"),                // the sibling branch: a second row
                Arguments.of(List.of("r2"), "upgrade r4"),                // through the merge
                Arguments.of(List.of("r2", "r3"), "upgrade r4"),          // merge of two rows into one
                Arguments.of(List.of("r2", "r3"), "upgrade heads"),
                Arguments.of(List.of("r4"), "upgrade r6"),                // the dependency runs too and is absorbed
                Arguments.of(List.of("r4", "s2"), "upgrade r6"),          // the dependency's row is consumed
                Arguments.of(List.of("r3", "s1"), "upgrade r6"),
                Arguments.of(List.of("r5"), "upgrade heads"),
                Arguments.of(List.of("r1"), "stamp r4"),                  // stamp up across a merge
                Arguments.of(List.of("r4"), "stamp r2"),                  // stamp down
                Arguments.of(List.of("r2"), "stamp s2"),                  // unrelated: a new row
                Arguments.of(List.of("r2", "r3"), "stamp r4"),            // both rows replaced
                Arguments.of(List.of("r4", "s2"), "stamp --purge r2 r3"), // purge then two rows
                Arguments.of(List.of("r4"), "stamp --purge base"),        // empty
                Arguments.of(List.of("r2"), "stamp r2"));                 // already there: nothing
    }

    @ParameterizedTest(name = "{0} then alembic {1}")
    @MethodSource("cases")
    void theModelAgreesWithAlembic(List<String> start, String command) throws IOException {
        reset(start);
        AlembicModel model = new AlembicModel(graph);
        List<String> words = List.of(command.split(" "));
        String predictedRows;
        List<String> predictedRuns;
        try {
            if (words.get(0).equals("upgrade")) {
                AlembicModel.Upgrade u = model.upgrade(start, words.get(1));
                predictedRows = u.rows().toString();
                predictedRuns = u.runs().stream().map(i -> graph.at(i).id()).sorted().toList();
            } else {
                boolean purge = words.get(1).equals("--purge");
                predictedRows = model.stamp(start, words.subList(purge ? 2 : 1, words.size()), purge).toString();
                predictedRuns = List.of();
            }
        } catch (AlembicRefusal refusal) {
            predictedRows = "refused";
            predictedRuns = List.of();
        }

        List<String> tablesBefore = tables();
        AlembicResult real = project.attempt(words.toArray(String[]::new));
        String actualRows = real.succeeded() ? versionRows().toString() : "refused";
        List<String> ran = tables().stream().filter(t -> !tablesBefore.contains(t)).map(t -> t.substring(2)).sorted().toList();

        assertThat(predictedRows).as("version rows after " + command + " (alembic said: " + real.stderr().strip() + ")")
                .isEqualTo(actualRows);
        if (real.succeeded()) {
            assertThat(predictedRuns).as("revisions run by " + command).isEqualTo(ran);
        }
    }

    /** Sets the version table to {@code rows} and the tables to exactly what those rows imply. */
    private static void reset(List<String> rows) {
        List<String> existing = tables();
        for (String t : existing) {
            db.execute("DROP TABLE " + t);
        }
        db.execute("DROP TABLE IF EXISTS alembic_version");
        if (!rows.isEmpty()) {
            project.stamp(rows.toArray(String[]::new));
            for (String id : graph.ids(graph.closure(rows))) {
                db.execute("CREATE TABLE t_" + id + " (id integer primary key)");
            }
        }
    }

    private static List<String> tables() {
        return db.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%' ORDER BY 1");
    }

    private static List<String> versionRows() {
        return db.column("SELECT version_num FROM alembic_version ORDER BY 1");
    }
}
