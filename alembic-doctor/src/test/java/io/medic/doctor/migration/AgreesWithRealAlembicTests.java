package io.medic.doctor.migration;

import io.medic.doctor.migration.Operation.CreateTable;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against the real thing: Alembic itself (which runs the files) must read the same revision
 * headers, and PostgreSQL's {@code format_type()} must print, for each column real Alembic creates, the
 * type the reader predicted without running anything.
 */
class AgreesWithRealAlembicTests {

    @RegisterExtension
    static ThrowawayDatabase database = new ThrowawayDatabase("migration types");

    @TempDir
    Path work;

    @Test
    void headersAreWhatAlembicReadsForEveryTemplateStyle() throws Exception {
        Path project = RealAlembic.copyOfFixture("styles", work);
        String oracle = RealAlembic.python(project, RealAlembic.fixture("alembic_headers.py"), project.toString());
        Map<String, String> alembic = new LinkedHashMap<>();
        for (String line : oracle.strip().split("\n")) {
            String file = line.replaceAll(".*\"file\": \"([^\"]+)\".*", "$1");
            alembic.put(file, line);
        }

        MigrationDirectory.Contents contents = MigrationDirectory.read(project.resolve("versions"));
        assertThat(contents.errors()).isEmpty();
        assertThat(contents.files()).hasSize(alembic.size()).hasSize(6);
        for (MigrationFile f : contents.files()) {
            String expected = alembic.get(f.file().getFileName().toString());
            assertThat(json(f)).as(f.file().toString()).isEqualTo(expected);
        }
    }

    /** The oracle's JSON line for a file, as Medic read it (keys sorted, as json.dumps(sort_keys=True)). */
    private static String json(MigrationFile f) {
        return "{\"depends\": " + list(f.dependsOn()) + ", \"down\": " + list(f.downRevisions())
                + ", \"file\": \"" + f.file().getFileName() + "\", \"labels\": " + list(f.branchLabels().stream()
                .sorted().toList()) + ", \"message\": \"" + f.message() + "\", \"revision\": \"" + f.revision() + "\"}";
    }

    private static String list(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").toList().toString();
    }

    @Test
    void typesAreWhatPostgresPrintsForTheColumnsRealAlembicCreates() throws Exception {
        Path project = RealAlembic.copyOfFixture("types", work);
        RealAlembic.alembic(project, database.url(), "upgrade", "head");
        Map<String, String> actual = new LinkedHashMap<>();
        for (String row : database.column("SELECT a.attname || '=' || format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " WHERE c.relname = 'type_probe' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            actual.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }

        MigrationDirectory.Contents contents = MigrationDirectory.read(project.resolve("versions"));
        CreateTable table = (CreateTable) contents.files().get(0).operations().get(0);
        Map<String, String> predicted = new LinkedHashMap<>();
        for (ColumnDef c : table.columns()) {
            predicted.put(c.name(), c.type());
        }
        assertThat(actual).hasSizeGreaterThan(50);
        assertThat(predicted).containsExactlyEntriesOf(actual);
    }
}
