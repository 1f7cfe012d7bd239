package io.medic.cli;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.AlembicResult;
import io.medic.doctor.testing.FixtureForm;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: {@code bin/medic diagnose} on migration files, databases and names written by someone hostile.
 * Its output stays inert (what is pasted runs exactly the commands shown; no terminal escapes), and input
 * Alembic itself would refuse is refused with one line for a person.
 */
class HostileInputIT {

    /** Each part would run a command in a shell if the id were pasted unquoted. */
    private static final String SHELL_ID = "$(touch p1)`touch p2`;touch p3&";
    private static final String ESC = "\u001b";

    @TempDir
    Path temp;

    /** The linear chain at head, plus revision 025 with {@code revision} and docstring as given. */
    private AlembicProject withRevision025(ThrowawayDatabase db, String revisionLiteral, String docstring)
            throws IOException {
        AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
        project.upgrade("head");
        Files.writeString(project.versionsDir().resolve("025_hostile.py"), "\"\"\"" + docstring + "\n\"\"\"\n"
                + "from alembic import op\nimport sqlalchemy as sa\n\n"
                + "revision = " + revisionLiteral + "\ndown_revision = '024'\nbranch_labels = None\ndepends_on = None\n\n"
                + "def upgrade():\n    op.add_column('players', sa.Column('hostile_note', sa.Text(), nullable=True))\n\n"
                + "def downgrade():\n    op.drop_column('players', 'hostile_note')\n");
        return project;
    }

    @Test
    void aRevisionIdFullOfShellSyntaxIsQuotedAndThePastedPlanRunsExactlyThatStamp() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-shell").open()) {
            AlembicProject project = withRevision025(db, pythonString(SHELL_ID), "hostile note");
            db.execute("ALTER TABLE players ADD COLUMN hostile_note TEXT"); // 025's effect, unstamped

            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout().lines()).containsExactly("alembic stamp '" + SHELL_ID + "'");

            AlembicResult pasted = project.pasteIntoShell(run.stdout());
            assertThat(pasted.succeeded()).as(pasted.stderr()).isTrue();
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly(SHELL_ID);
            try (var files = Files.list(project.directory())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.matches("p[123]"));
            }
            MedicProcess after = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url());
            assertThat(after.stdout()).as(after.all()).contains("Verdict: HEALTHY");
        }
    }

    @Test
    void aRevisionIdLongerThanTheVersionColumnHoldsExitsThreeUntilTheColumnIsWidened() throws IOException {
        String id = "025_players_get_a_hostile_note_column"; // 37 characters; Alembic's column holds 32
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-long-id").open()) {
            AlembicProject project = withRevision025(db, pythonString(id), "long id");
            db.execute("ALTER TABLE players ADD COLUMN hostile_note TEXT"); // 025's effect, unstamped

            MedicProcess refused = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
            assertThat(refused.stdout()).isEmpty();
            assertThat(refused.stderr()).contains("alembic stamp " + id, "its id is 37 characters",
                    "alembic_version.version_num holds 32").doesNotContain("Exception");

            db.execute("ALTER TABLE alembic_version ALTER COLUMN version_num TYPE varchar(64)");
            MedicProcess planned = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertThat(planned.exitCode()).as(planned.all()).isZero();
            assertThat(planned.stdout().lines()).containsExactly("alembic stamp " + id);
            AlembicResult pasted = project.pasteIntoShell(planned.stdout());
            assertThat(pasted.succeeded()).as(pasted.stderr()).isTrue();
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly(id);
        }
    }

    @Test
    void aRevisionIdWithANewlineIsRefusedNamingTheFileAndLine() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-newline").open()) {
            AlembicProject project = withRevision025(db, "'025\\nalembic downgrade base'", "newline");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertBadInput(run, "025_hostile.py:6: the revision id or label '025?alembic downgrade base' holds the"
                    + " control character U+000A");
        }
    }

    @Test
    void aRevisionIdAlembicRefusesIsRefusedWithAlembicsReason() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-illegal").open()) {
            AlembicProject project = withRevision025(db, "'025-a@b'", "illegal");
            AlembicResult alembic = project.attempt("heads");
            assertThat(alembic.succeeded()).isFalse();
            assertThat(alembic.stderr()).contains("Character(s) '-, @' not allowed in revision identifier '025-a@b'");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertBadInput(run, "Character(s) '-, @' not allowed in revision identifier '025-a@b' (025_hostile.py)");
        }
    }

    @Test
    void aRevisionIdWithASingleQuoteIsRefused() throws IOException {
        // real Alembic stamps it as UPDATE alembic_version SET version_num='25'x' and fails on its own SQL
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-quote").open()) {
            AlembicProject project = withRevision025(db, "\"25'x\"", "quote");
            db.execute("ALTER TABLE players ADD COLUMN hostile_note TEXT");
            AlembicResult stamp = project.attempt("stamp", "25'x");
            assertThat(stamp.succeeded()).isFalse();
            assertThat(stamp.stderr()).contains("SyntaxError");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertBadInput(run, "revision id 25'x (025_hostile.py) holds a single quote");
        }
    }

    @Test
    void aSyntaxErrorInDowngradeExitsTwoNamingFileAndLineNeverAPlan() throws IOException {
        // Alembic imports the whole file: with this error it cannot load the directory at all
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-syntax").open()) {
            AlembicProject project = withRevision025(db, "'025'", "broken downgrade");
            Path file = project.versionsDir().resolve("025_hostile.py");
            Files.writeString(file, Files.readString(file).replace("    op.drop_column('players', 'hostile_note')",
                    "    op.drop_column('players', 'hostile_note') if"));
            AlembicResult alembic = project.attempt("heads");
            assertThat(alembic.succeeded()).isFalse();
            assertThat(alembic.stderr()).contains("SyntaxError", "025_hostile.py\", line 15");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertBadInput(run, "025_hostile.py:15: invalid Python");
        }
    }

    @Test
    void aFifoAndASymlinkLoopNamedDotPyExitTwoAtOnceNamingThemPlainly() throws Exception {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-fifo").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
            Path fifo = project.versionsDir().resolve("025_fifo.py");
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
            Files.createSymbolicLink(project.versionsDir().resolve("026_loop.py"), Path.of("026_loop.py"));
            long start = System.nanoTime();
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertBadInput(run, "2 migration files cannot be read: " + fifo + ":0: a named pipe (FIFO), not a regular"
                    + " file: Alembic would block or fail reading it; " + project.versionsDir().resolve("026_loop.py")
                    + ":0: a symbolic link that never reaches a file (a loop of links, via 026_loop.py)");
        }
    }

    /** {@code bin/medic ARGS} under GNU time: the run, and its peak RSS in MB. */
    private record Measured(MedicProcess run, long peakRssMb, Duration wall) {
    }

    private Measured measured(String... args) throws IOException {
        Path rss = temp.resolve("rss.txt");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("-o", rss.toString(), "-f", "%M",
                MedicProcess.checkout().resolve("bin/medic").toString()));
        command.addAll(java.util.List.of(args));
        long start = System.nanoTime();
        MedicProcess run = MedicProcess.run(Path.of("/usr/bin/time"), java.util.Map.of(), command.toArray(String[]::new));
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String[] lines = Files.readString(rss).strip().split("\n");
        return new Measured(run, Long.parseLong(lines[lines.length - 1].strip()) / 1024, wall);
    }

    @Test
    void aTwentyMegabyteFileIsRefusedUnreadAndTheDensestFileBelowTheLimitStaysUnder256Mb() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-memory").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
            project.upgrade("head");
            String header = "revision = '025'\ndown_revision = '024'\n\ndef upgrade():\n    pass\n\nROWS = [";
            Path big = project.versionsDir().resolve("025_big.py");
            try (var out = Files.newBufferedWriter(big)) {
                out.write(header);
                for (int i = 0; i < 10 << 20; i++) {
                    out.write("1,");
                }
                out.write("]\n");
            }
            Measured refused = measured("diagnose", "--migrations", project.versionsDir().toString(), "--database",
                    db.url(), "--format", "alembic");
            assertBadInput(refused.run(), big + ":0: the file has " + Files.size(big) + " bytes, more than the 1 MiB"
                    + " Medic reads from one revision file");
            assertThat(refused.peakRssMb()).isLessThan(256);

            // a million literals in 1 MiB: the most objects per byte the reader builds
            int limit = 1 << 20;
            StringBuilder dense = new StringBuilder(header);
            while (dense.length() < limit - 4) {
                dense.append("1,");
            }
            Files.writeString(big, dense.append("]\n"));
            assertThat(Files.size(big)).isLessThanOrEqualTo(limit);
            Measured accepted = measured("diagnose", "--migrations", project.versionsDir().toString(), "--database",
                    db.url(), "--format", "alembic");
            assertThat(accepted.run().exitCode()).as(accepted.run().all()).isZero();
            assertThat(accepted.peakRssMb()).isLessThan(256);
            System.out.printf("issue 17 memory: 20 MB file refused in %d ms, peak RSS %d MB; densest 1 MiB file read"
                    + " in %d ms, peak RSS %d MB%n", refused.wall().toMillis(), refused.peakRssMb(),
                    accepted.wall().toMillis(), accepted.peakRssMb());
        }
    }

    @Test
    void namesLongerThan63BytesAreComparedAsPostgresTruncatesThem() throws IOException {
        String table = "registrations_of_players_for_the_upcoming_season_with_guardian_consent";
        String column = "guardian_consent_recorded_at_utc_by_the_front_desk_staff_member_on_duty";
        String multibyte = "note_" + "x".repeat(57) + "éé"; // 62 bytes, then a character the limit cuts
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-names").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
            Files.writeString(project.versionsDir().resolve("025_long_names.py"), "from alembic import op\n"
                    + "import sqlalchemy as sa\n\nrevision = '025'\ndown_revision = '024'\n\ndef upgrade():\n"
                    + "    op.create_table('" + table + "', sa.Column('id', sa.Integer(), primary_key=True),\n"
                    + "                    sa.Column('" + column + "', sa.DateTime(), nullable=True))\n"
                    + "    op.add_column('players', sa.Column('" + multibyte + "', sa.Text(), nullable=True))\n\n"
                    + "def downgrade():\n    pass\n");
            project.upgrade("head");
            assertThat(db.column("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'registrations_of%'"))
                    .containsExactly(table.substring(0, 63));
            assertThat(db.column("SELECT attname FROM pg_attribute WHERE attname LIKE 'note_x%'"))
                    .containsExactly(multibyte.substring(0, 62));

            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url());
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout()).contains("Verdict: HEALTHY");
        }
    }

    /**
     * Byte flips of the incident's real migration files, diagnosed in-process as {@code bin/medic diagnose}
     * runs (seeded, {@code -Dmedic.fuzz.cli=N} runs more): exit 0, 2 or 3 only; for 2 one line for a person;
     * never a Java exception; and whenever a plan is printed, real Alembic loads that directory.
     */
    @Test
    void byteFlipsOfRealMigrationsGiveOnlyExitZeroTwoOrThreeAndPlansOnlyForLoadableDirectories() throws Exception {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-fuzz").open()) {
            AlembicProject project = incidentAt018(db);
            java.util.List<Path> names;
            try (var files = Files.list(project.versionsDir())) {
                names = files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
            }
            java.util.Random random = new java.util.Random(Long.getLong("medic.fuzz.seed", 20240601L) + 17);
            java.util.List<Path> planned = new java.util.ArrayList<>();
            java.util.Map<Integer, Integer> exits = new java.util.TreeMap<>();
            int runs = Integer.getInteger("medic.fuzz.cli", 200);
            for (int i = 0; i < runs; i++) {
                Path versions = Files.createDirectories(temp.resolve("fuzz" + i).resolve("versions"));
                Path victim = names.get(random.nextInt(names.size()));
                for (Path f : names) {
                    byte[] bytes = Files.readAllBytes(f);
                    if (f.equals(victim)) {
                        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                        }
                    }
                    Files.write(versions.resolve(f.getFileName().toString()), bytes);
                }
                var out = new java.io.ByteArrayOutputStream();
                var err = new java.io.ByteArrayOutputStream();
                int exit = Medic.run(java.util.List.of("diagnose", "--migrations", versions.toString(), "--database",
                        db.url(), "--format", "alembic"), new java.io.PrintStream(out, true, "UTF-8"),
                        new java.io.PrintStream(err, true, "UTF-8"));
                String stdout = out.toString(java.nio.charset.StandardCharsets.UTF_8);
                String stderr = err.toString(java.nio.charset.StandardCharsets.UTF_8);
                String what = "flip #" + i + " of " + victim.getFileName() + ": " + stderr;
                exits.merge(exit, 1, Integer::sum);
                assertThat(exit).as(what).isIn(0, 2, 3);
                assertThat(stderr).as(what).doesNotContain("Exception", "\tat ", "Cannot invoke");
                if (exit == 2) {
                    assertThat(stdout).as(what).isEmpty();
                    assertThat(stderr.strip().lines()).as(what).hasSize(1);
                }
                if (exit == 0 && !stdout.isBlank()) {
                    assertThat(stdout.lines()).as(what).allMatch(l -> l.startsWith("alembic "));
                    planned.add(versions.getParent());
                }
            }
            assertThat(exits).as("every outcome occurs").containsKeys(0, 2);
            Path script = Files.writeString(temp.resolve("load_all.py"), """
                    import sys
                    from alembic.script import ScriptDirectory
                    for d in sys.argv[1:]:
                        try:
                            ScriptDirectory(d).revision_map.heads
                            print('ok', d)
                        except BaseException as e:
                            print('FAIL', d, type(e).__name__, str(e).replace('\\n', ' ')[:300])
                    """);
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(AlembicProject.PYTHON,
                    script.toString()));
            planned.forEach(d -> command.add(d.toString()));
            Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
            String judged = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(python.waitFor()).as(judged).isZero();
            // what no reading of the text can know (see MigrationReaderFuzzTests): modules and names at import time
            assertThat(judged.lines().filter(l -> !l.startsWith("ok ") && !l.contains(" ModuleNotFoundError ")
                    && !l.contains(" ImportError cannot import name ") && !l.contains(" NameError name ")).toList())
                    .as("plans printed for directories real Alembic cannot load").isEmpty();
            System.out.println("issue 17 fuzz: " + runs + " flipped directories, exits " + exits + ", "
                    + planned.size() + " plans, all loadable by real Alembic");
        }
    }

    private AlembicProject incidentAt018(ThrowawayDatabase db) {
        AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
        project.upgrade("018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
        return project;
    }

    @Test
    void terminalEscapesInDocstringsAndVersionRowsNeverReachTheTerminal() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-escapes").open()) {
            AlembicProject project = withRevision025(db, "'025'", "note" + ESC + "]0;owned" + "\u0007" + ESC + "[2J"
                    + "\u009b31m\u202eton");
            db.execute("UPDATE alembic_version SET version_num = E'f00d\\x1b[31m\\x1b]8;;http://x\\x07'");
            for (String format : new String[] {"text", "alembic", "json"}) {
                MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                        "--database", db.url(), "--format", format);
                assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
                assertThat(run.all()).as(format).contains("f00d").doesNotContain(ESC, "\u0007", "\u009b", "\u202e");
                if (format.equals("json")) {
                    assertThat(run.stdout()).contains("f00d\\u001B[31m");
                }
            }
        }
    }

    /** The linear chain at head with a version table altered by hand: no primary key, NULLs allowed. */
    private AlembicProject looseVersionTable(ThrowawayDatabase db) {
        AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
        project.upgrade("head");
        db.execute("ALTER TABLE alembic_version DROP CONSTRAINT alembic_version_pkc");
        db.execute("ALTER TABLE alembic_version ALTER COLUMN version_num DROP NOT NULL");
        return project;
    }

    private static void versionRows(ThrowawayDatabase db, String values) {
        db.execute("DELETE FROM alembic_version");
        db.execute("INSERT INTO alembic_version VALUES " + values);
    }

    @Test
    void aDuplicatedVersionRowIsPurgedFirstWhereAlembicWouldRefuseAndLeftAloneAtHead() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-dups").open()) {
            AlembicProject project = looseVersionTable(db);
            String versions = project.versionsDir().toString();

            versionRows(db, "('023'), ('023')"); // 024's column is there: stamp 024, which Alembic refuses as is
            AlembicResult plain = project.attempt("stamp", "024");
            assertThat(plain.succeeded()).isFalse();
            assertThat(plain.stderr()).contains("expected to match one row when updating '023' to '024'", "2 found");
            versionRows(db, "('023'), ('023')");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url(),
                    "--format", "alembic");
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stdout().lines()).containsExactly("alembic stamp --purge 023", "alembic stamp 024");
            AlembicResult pasted = project.pasteIntoShell(run.stdout());
            assertThat(pasted.succeeded()).as(pasted.stderr()).isTrue();
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("024");

            versionRows(db, "('024'), ('024')"); // at head Alembic works as is: nothing to do, but say so
            MedicProcess atHead = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url());
            assertThat(atHead.exitCode()).as(atHead.all()).isZero();
            assertThat(atHead.stdout()).contains("Verdict: HEALTHY", "holds 024 more than once");
            assertThat(project.attempt("upgrade", "head").succeeded()).isTrue();
        }
    }

    @Test
    void nullRowsAreIgnoredAsAlembicIgnoresThemAndPaddedRowsNeedAPerson() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-hostile-nulls").open()) {
            AlembicProject project = looseVersionTable(db);
            String versions = project.versionsDir().toString();

            // a NULL row alone is an empty version table over a schema at head: nothing implies that 008's backfill
            // or 023's data migration ran (it may all have been applied by hand), so a person decides (issue 22,
            // rules 1 and 5); the first doubt is named
            versionRows(db, "(NULL)");
            MedicProcess empty = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url(),
                    "--format", "alembic");
            assertThat(empty.exitCode()).as(empty.all()).isEqualTo(3);
            assertThat(empty.stdout()).isEmpty();
            assertThat(empty.stderr()).contains("whether 008", "data work at line 24").doesNotContain("Exception", "Cannot invoke");

            for (String rows : new String[] {"(NULL), ('023')"}) {
                versionRows(db, rows);
                MedicProcess run = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url(),
                        "--format", "alembic");
                assertThat(run.exitCode()).as(rows + ": " + run.all()).isZero();
                assertThat(run.stdout().lines()).as(rows).containsExactly("alembic stamp 024");
                AlembicResult pasted = project.pasteIntoShell(run.stdout());
                assertThat(pasted.succeeded()).as(pasted.stderr()).isTrue();
                assertThat(project.current()).as(rows).containsExactly("024");
                MedicProcess text = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url());
                assertThat(text.stdout()).as(rows).contains("Verdict: HEALTHY", "1 NULL row, which Alembic ignores");
            }

            versionRows(db, "(' 024 ')");
            assertThat(project.attempt("upgrade", "head").stderr()).contains("Can't locate revision identified by ' 024 '");
            MedicProcess padded = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url(),
                    "--format", "alembic");
            assertThat(padded.exitCode()).as(padded.all()).isEqualTo(3);
            assertThat(padded.stdout()).isEmpty();
            assertThat(padded.stderr().strip().lines()).hasSize(1);
            assertThat(padded.stderr()).contains("the version table row ' 024 ' has surrounding whitespace",
                    "a person decides whether it means 024").doesNotContain("Exception", "Cannot invoke");
        }
    }

    private static String pythonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void assertBadInput(MedicProcess run, String reason) {
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip().lines()).as(run.stderr()).hasSize(1);
        assertThat(run.stderr()).contains(reason).doesNotContain("Exception", "\tat ");
    }
}
