package io.medic.cli;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.SchemaDump;
import io.medic.doctor.Prescription;
import io.medic.events.EventCodec;
import io.medic.events.RevisionRow;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/medic diagnose} as users run it: the launcher script, the packaged jar, a real PostgreSQL
 * database built with real Alembic.
 */
class DiagnoseCommandIT {

    /** Trust auth accepts any password, so a URL can carry one and the test can look for it in the output. */
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path temp;

    private static String urlWithPassword(ThrowawayDatabase db) {
        return "postgresql://" + ThrowawayDatabase.user() + ":" + PASSWORD + "@" + ThrowawayDatabase.host() + ":"
                + ThrowawayDatabase.port() + "/" + db.name();
    }

    /** The incident on the linear chain: stamped 018, 020's column added by hand. */
    private AlembicProject incident(ThrowawayDatabase db) {
        AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
        project.upgrade("018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
        return project;
    }

    @Test
    void theIncidentGivesThePlanInEachFormatAndNeverThePassword() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-incident").open()) {
            AlembicProject project = incident(db);
            String versions = project.versionsDir().toString();
            SchemaDump before = SchemaDump.of(db);

            MedicProcess alembic = MedicProcess.run("diagnose", "--migrations", versions, "--database",
                    urlWithPassword(db), "--format", "alembic");
            assertThat(alembic.exitCode()).as(alembic.stderr()).isZero();
            assertThat(alembic.stdout().lines()).containsExactly("alembic upgrade 019", "alembic stamp 020",
                    "alembic upgrade head");

            MedicProcess text = MedicProcess.run("diagnose", "--migrations", versions, "--database", urlWithPassword(db));
            assertThat(text.exitCode()).isZero();
            assertThat(text.stdout()).contains("Verdict: AUTO_PLAN", "020", "PRESENT_UNSTAMPED", "019", "MISSING",
                    "alembic upgrade 019", "alembic stamp 020", "Why:");
            assertThat(text.stdout()).containsPattern("(?m)^020 +adds players.custom_notes +PRESENT_UNSTAMPED +no ")
                    .containsPattern("(?m)^023 +data migration .+ +UNVERIFIABLE_MISSING +no +.*treated as not run");

            MedicProcess json = MedicProcess.run("diagnose", "--migrations", versions, "--database", urlWithPassword(db),
                    "--format", "json");
            assertThat(json.exitCode()).isZero();
            Prescription diagnosis = EventCodec.decode(json.stdout().getBytes(StandardCharsets.UTF_8), Prescription.class);
            assertThat(diagnosis.diagnosis().verdict()).isEqualTo(Verdict.AUTO_PLAN);
            assertThat(diagnosis.diagnosis().revisions()).filteredOn(r -> r.state().needsRun())
                    .extracting(RevisionRow::revision).containsExactly("019", "021", "022", "023", "024");
            assertThat(json.stdout()).doesNotContain("\"stamped\"");
            assertThat(diagnosis.alembicCommands()).containsExactly("alembic upgrade 019", "alembic stamp 020",
                    "alembic upgrade head");

            for (MedicProcess run : List.of(alembic, text, json)) {
                assertThat(run.all()).doesNotContain(PASSWORD);
            }
            assertThat(SchemaDump.of(db).diff(before)).as("diagnose never writes").isEmpty();
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("018");
        }
    }

    @Test
    void theDatabaseUrlCanComeFromTheEnvironment() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-env").open()) {
            AlembicProject project = incident(db);
            MedicProcess run = MedicProcess.run(MedicProcess.checkout().resolve("bin/medic"),
                    Map.of("MEDIC_DATABASE_URL", urlWithPassword(db)),
                    "diagnose", "--migrations", project.versionsDir().toString(), "--format", "alembic");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout().lines()).hasSize(3);
        }
    }

    @Test
    void atHeadItIsHealthyAndPrintsNoCommand() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-head").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.BRANCHED, temp, db);
            project.upgrade("head");
            MedicProcess run = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEmpty();
            MedicProcess text = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url());
            assertThat(text.stdout()).contains("Verdict: HEALTHY");
        }
    }

    @Test
    void anUnknownVersionRowExitsThreeWithTheReason() {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-unknown").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
            project.upgrade("018");
            db.execute("UPDATE alembic_version SET version_num = 'f00dcafe'");
            MedicProcess alembic = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url(), "--format", "alembic");
            assertThat(alembic.exitCode()).isEqualTo(3);
            assertThat(alembic.stdout()).isEmpty();
            assertThat(alembic.stderr()).contains("f00dcafe");
            MedicProcess text = MedicProcess.run("diagnose", "--migrations", project.versionsDir().toString(),
                    "--database", db.url());
            assertThat(text.exitCode()).isEqualTo(3);
            assertThat(text.stdout()).contains("Verdict: NEEDS_HUMAN", "f00dcafe");
        }
    }

    @Test
    void badInputExitsTwoWithOneLineOnStderr() throws IOException {
        try (ThrowawayDatabase db = new ThrowawayDatabase("cli-bad").open()) {
            AlembicProject project = AlembicProject.copyOf(FixtureForm.LINEAR, temp, db);
            String versions = project.versionsDir().toString();

            assertBadInput(MedicProcess.run("diagnose", "--migrations", temp.resolve("nowhere").toString(),
                    "--database", db.url()), "nowhere");
            assertBadInput(MedicProcess.run("diagnose", "--migrations", versions), "--database");
            assertBadInput(MedicProcess.run("diagnose", "--migrations", versions, "--database", "mysql://x@y/z"),
                    "PostgreSQL");
            assertBadInput(MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url(),
                    "--format", "yaml"), "--format");

            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            MedicProcess refused = MedicProcess.run("diagnose", "--migrations", versions, "--database",
                    "postgresql://medic:" + PASSWORD + "@127.0.0.1:" + closedPort + "/nope");
            assertBadInput(refused, "cannot connect");
            assertThat(refused.all()).doesNotContain(PASSWORD);

            Path broken = project.versionsDir().resolve("025_broken.py");
            Files.writeString(broken, "revision = '025'\ndown_revision = '024'\n\ndef upgrade():\n    op.add_column('players', sa.Column('x', sa.Text()\n");
            MedicProcess unparseable = MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url());
            assertBadInput(unparseable, "025_broken.py:");
            Files.delete(broken);

            Files.writeString(project.versionsDir().resolve("030_orphan.py"),
                    "revision = '030'\ndown_revision = '029'\n\ndef upgrade():\n    pass\n");
            assertBadInput(MedicProcess.run("diagnose", "--migrations", versions, "--database", db.url()), "029");
        }
    }

    private static void assertBadInput(MedicProcess run, String mention) {
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip().lines()).as(run.stderr()).hasSize(1);
        assertThat(run.stderr()).contains(mention);
    }

    @Test
    void theLauncherSaysHowToBuildTheJarWhenItIsMissing() throws IOException {
        Path fake = temp.resolve("checkout");
        Files.createDirectories(fake.resolve("bin/lib"));
        Path launcher = Files.copy(MedicProcess.checkout().resolve("bin/medic"), fake.resolve("bin/medic"));
        Files.copy(MedicProcess.checkout().resolve("bin/lib/java.sh"), fake.resolve("bin/lib/java.sh"));
        MedicProcess run = MedicProcess.run(launcher, Map.of(), "diagnose");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("medic-cli.jar is missing", "mvn");
    }
}
