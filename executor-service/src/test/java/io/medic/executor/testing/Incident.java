package io.medic.executor.testing;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.doctor.scenario.Scenario;
import io.medic.doctor.scenario.ScenarioCatalog;
import io.medic.doctor.scenario.Survivor;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.DatabaseProbe;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.SchemaDump;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The seed incident, built for real on a throwaway database with real Alembic (the engine's scenario
 * {@code incident-<form>}: stamped 018, custom_notes added by hand with data, 019/021/024 missing, a small
 * league), and what the tests ask of it afterwards.
 */
public final class Incident implements AutoCloseable {

    /** Under trust auth any password connects: it is there to prove it never shows. */
    public static final String PASSWORD = "s3cr3t-Pw-0f-the-db";

    private final FixtureForm form;
    private final ThrowawayDatabase db;
    private final AlembicProject project;
    private final Path directory;

    private Incident(FixtureForm form, ThrowawayDatabase db, AlembicProject project, Path directory) {
        this.form = form;
        this.db = db;
        this.project = project;
        this.directory = directory;
    }

    public static Incident create(FixtureForm form, String purpose) {
        try {
            Path directory = Files.createTempDirectory("medic-incident-");
            ThrowawayDatabase db = new ThrowawayDatabase(purpose).open();
            AlembicProject project = AlembicProject.copyOf(form, directory, db);
            scenario(form).setup().build(project);
            return new Incident(form, db, project, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario scenario(FixtureForm form) {
        return ScenarioCatalog.named("incident-" + form);
    }

    public FixtureForm form() {
        return form;
    }

    public ThrowawayDatabase db() {
        return db;
    }

    public AlembicProject project() {
        return project;
    }

    /** The URL the workload's Secret holds: with a password, which must never appear anywhere. */
    public String secretUrl() {
        return "postgresql://" + ThrowawayDatabase.user() + ":" + PASSWORD + "@" + ThrowawayDatabase.host() + ":"
                + ThrowawayDatabase.port() + "/" + db.name();
    }

    /** The engine's diagnosis and proven steps, as the planner gets them. */
    public Prescription diagnose() {
        Prescription prescription = AlembicDoctor.diagnose(project.versionsDir(), project.databaseUrl(), "public");
        if (prescription.diagnosis().verdict() != Verdict.AUTO_PLAN) {
            throw new AssertionError("the incident should have an automatic plan: " + prescription.diagnosis());
        }
        return prescription;
    }

    public List<String> versionRows() {
        return new DatabaseProbe(db).versionRows().orElse(List.of());
    }

    public SchemaDump schema() {
        return SchemaDump.of(db);
    }

    /** The whole database, rows included (pg_dump --data-only too), to prove nothing was written. */
    public String dump() {
        try {
            Process p = new ProcessBuilder("pg_dump", "--no-owner", "--no-privileges", "--host", ThrowawayDatabase.host(),
                    "--port", Integer.toString(ThrowawayDatabase.port()), "--username", ThrowawayDatabase.user(),
                    "--dbname", db.name()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new AssertionError("pg_dump failed: " + out);
            }
            return String.join("\n", out.lines().filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict")
                    && !l.startsWith("--")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The survivors that differ from what they must read (the data the plan must not lose or redo). */
    public List<String> lostData() {
        List<String> lost = new ArrayList<>();
        for (Survivor s : scenario(form).survivors()) {
            List<String> now = db.column(s.sql());
            if (!now.equals(s.expected())) {
                lost.add(s.what() + ": " + now + " instead of " + s.expected());
            }
        }
        return lost;
    }

    @Override
    public void close() {
        db.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temp directory
        }
    }
}
