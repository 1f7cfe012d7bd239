package io.medic.cli;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.events.Diagnosis;
import io.medic.events.EventCodec;
import io.medic.events.Verdict;
import io.medic.signatures.LogNormalizer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/medic diagnose}: which revisions are really applied, and a plan that is correct. Reads the
 * database only (read-only session); never runs a migration file. Exit 0: healthy or a proven automatic
 * plan; 3: a human must decide; 2: bad input.
 */
final class DiagnoseCommand implements Command {

    static final int NEEDS_HUMAN = 3;
    private static final String DATABASE_ENV = "MEDIC_DATABASE_URL";

    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String usage() {
        return "diagnose --migrations <versions dir> --database postgresql://USER:PASS@HOST:PORT/DB"
                + " [--schema public] [--format text|json|alembic]   (or set " + DATABASE_ENV + ")";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args options;
        String format;
        String database;
        try {
            options = Args.parse(args, Set.of("migrations", "database", "schema", "format", "timings"));
            format = options.oneOf("format", "text", Set.of("text", "json", "alembic"));
            database = options.get("database").or(() -> java.util.Optional.ofNullable(System.getenv(DATABASE_ENV)))
                    .orElseThrow(() -> new IllegalArgumentException("missing required option --database (or "
                            + DATABASE_ENV + ")"));
            options.required("migrations");
        } catch (IllegalArgumentException e) {
            err.println("medic diagnose: " + e.getMessage());
            return BAD_INPUT;
        }
        String schema = options.get("schema").orElse("public");
        Path migrations = Path.of(options.required("migrations"));
        AlembicDoctor.Run run = AlembicDoctor.run(migrations, database, schema);
        Prescription prescription = run.prescription();
        Diagnosis d = prescription.diagnosis();
        if (options.get("timings").map(Boolean::parseBoolean).orElse(false)) {
            err.println("medic diagnose timings: " + run.timings());
        }
        if (d.verdict() == Verdict.BAD_INPUT) {
            err.println("medic diagnose: " + inert(d.reason()));
            return BAD_INPUT;
        }
        switch (format) {
            case "json" -> out.println(json(prescription));
            case "alembic" -> prescription.alembicCommands().forEach(out::println);
            default -> out.print(inert(DiagnosisText.render(prescription, run.database(), migrations.toString(), schema)));
        }
        if (d.verdict() == Verdict.NEEDS_HUMAN) {
            if (format.equals("alembic")) {
                err.println("medic diagnose: needs a human: " + inert(d.reason()).replace('\n', ' '));
            }
            return NEEDS_HUMAN;
        }
        return 0;
    }

    /**
     * Text shown on a terminal: file names, docstrings, version rows and database messages come from
     * people Medic does not trust, so terminal escape sequences and control characters are removed, the
     * way {@code medic signatures} removes them from logs.
     */
    private static String inert(String text) {
        return LogNormalizer.stripEscapes(text);
    }

    /** Every non-ASCII character escaped (U+009B, U+202E as backslash-u escapes): JSON stays exact and inert on a terminal. */
    private static String json(Prescription d) {
        try {
            return EventCodec.mapper().writerWithDefaultPrettyPrinter()
                    .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(d);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
