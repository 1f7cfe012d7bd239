package io.medic.doctor.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationDirectoryTests {

    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    private static String revision(String id, String down) {
        return "revision = '" + id + "'\ndown_revision = " + (down == null ? "None" : "'" + down + "'")
                + "\n\ndef upgrade():\n    pass\n";
    }

    @Test
    void readsRevisionFilesAsAlembicDiscoversThemInNameOrder() throws Exception {
        write("b_second.py", revision("b", "a"));
        write("a_first.py", revision("a", null));
        write("__init__.py", "");
        write("__init__helpers.py", revision("init", null));
        write(".#a_first.py", revision("lock", null));
        write(".hidden.py", revision("hidden", null));
        write("notes.txt", "not python");
        write("c_third.pyc", "compiled");
        Files.createDirectories(dir.resolve("d_package.py"));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("e_nested.py"), revision("nested", null));

        MigrationDirectory.Contents contents = MigrationDirectory.read(dir);
        assertThat(contents.errors()).isEmpty();
        assertThat(contents.files()).extracting(MigrationFile::revision).containsExactly("a", "b");
        assertThat(contents.files().get(0).file()).isEqualTo(dir.resolve("a_first.py"));
    }

    @Test
    void oneBadFileDoesNotHideTheOthers() throws Exception {
        write("001_ok.py", revision("001", null));
        write("002_syntax.py", "revision = '002'\ndown_revision = '001'\n\ndef upgrade(:\n    pass\n");
        write("003_ok.py", revision("003", "001"));
        write("004_no_revision.py", "def upgrade():\n    pass\n");
        Files.write(dir.resolve("005_latin1.py"), ("revision = '005'\ndown_revision = None\n# caf\u00e9\n"
                + "def upgrade(): pass\n").getBytes(StandardCharsets.ISO_8859_1));

        MigrationDirectory.Contents contents = MigrationDirectory.read(dir);
        assertThat(contents.files()).extracting(MigrationFile::revision).containsExactly("001", "003");
        assertThat(contents.errors()).extracting(e -> e.file().getFileName() + ":" + e.line())
                .containsExactly("002_syntax.py:4", "004_no_revision.py:0", "005_latin1.py:3");
        assertThat(contents.errors().get(2).reason()).contains("not valid UTF-8");
    }

    @Test
    void encodingsAsPythonReadsThem() throws Exception {
        Files.write(dir.resolve("a.py"), ("# -*- coding: latin-1 -*-\n\"\"\"caf\u00e9 au lait\"\"\"\n"
                + revision("a", null)).getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("b.py"), ("\uFEFF\"\"\"na\u00efve\"\"\"\n" + revision("b", "a"))
                .getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("c.py"), ("# coding: klingon\n" + revision("c", "b")).getBytes(StandardCharsets.UTF_8));

        MigrationDirectory.Contents contents = MigrationDirectory.read(dir);
        assertThat(contents.files()).extracting(MigrationFile::message).containsExactly("caf\u00e9 au lait", "na\u00efve");
        assertThat(contents.errors()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("c.py:1: unknown source encoding 'klingon'"));
    }

    @Test
    void manyFilesAreReadInParallelInOrder() throws Exception {
        for (int i = 0; i < 500; i++) {
            write(String.format("%04d_rev.py", i), revision(String.format("r%04d", i),
                    i == 0 ? null : String.format("r%04d", i - 1)));
        }
        MigrationDirectory.Contents contents = MigrationDirectory.read(dir);
        assertThat(contents.errors()).isEmpty();
        assertThat(contents.files()).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(contents.files().get(i).revision()).isEqualTo(String.format("r%04d", i));
        }
    }

    @Test
    void aMissingOrUnlistableDirectoryIsAnError() throws Exception {
        assertThatThrownBy(() -> MigrationDirectory.read(dir.resolve("absent")))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining("does not exist");
        write("file.py", "x");
        assertThatThrownBy(() -> MigrationDirectory.read(dir.resolve("file.py")))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining("not a directory");
    }

    @Test
    void theBasketballIncidentFixturesReadCompletely() throws Exception {
        Path versions = Path.of(getClass().getClassLoader().getResource("basketball/branched/versions").toURI());
        MigrationDirectory.Contents contents = MigrationDirectory.read(versions);
        assertThat(contents.errors()).isEmpty();
        assertThat(contents.files()).hasSize(24);
        assertThat(contents.files()).flatExtracting(MigrationFile::operations)
                .noneMatch(o -> o instanceof Operation.Unknown);
        MigrationFile merge = contents.files().stream().filter(f -> f.revision().equals("022")).findFirst().orElseThrow();
        assertThat(merge.downRevisions()).containsExactly("020", "021");
        MigrationFile notes = contents.files().stream().filter(f -> f.revision().equals("020")).findFirst().orElseThrow();
        assertThat(notes.operations()).singleElement().isEqualTo(new Operation.AddColumn("players",
                new ColumnDef("custom_notes", "text", true, false, false, false, null), 22));
    }
}
