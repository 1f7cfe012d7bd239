package io.medic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.medic.events.EventCodec;
import io.medic.events.SignatureMatch;
import io.medic.signatures.LogAnalysis;
import io.medic.signatures.LogLimits;
import io.medic.signatures.LogTail;
import io.medic.signatures.SignatureCatalog;
import io.medic.signatures.SignatureFileException;
import io.medic.signatures.SignatureMatcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code bin/medic signatures}: runs the detector's signature catalog (plus a user's signature file) over
 * a log file, no cluster needed, and prints which signature fired, its fields and the redacted excerpt the
 * detector would publish. Exit 0: a specific signature fired; 1: only the generic one; 2: bad input.
 */
final class SignaturesCommand implements Command {

    static final int GENERIC_ONLY = 1;
    private static final Set<String> OPTIONS = Set.of("log", "signatures", "format", "termination-reason");

    @Override
    public String name() {
        return "signatures";
    }

    @Override
    public String usage() {
        return "signatures --log FILE [--signatures FILE] [--format text|json] [--termination-reason REASON]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args parsed;
        String format;
        try {
            parsed = Args.parse(args, OPTIONS);
            format = parsed.oneOf("format", "text", Set.of("text", "json"));
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        }
        // the signature file first: `signatures --signatures FILE` alone says what is wrong with the file
        SignatureCatalog catalog;
        try {
            catalog = parsed.get("signatures").isPresent()
                    ? SignatureCatalog.withUserFile(Path.of(parsed.get("signatures").get()))
                    : SignatureCatalog.builtIn();
        } catch (SignatureFileException e) {
            err.println("medic signatures: invalid signature file: " + e.getMessage());
            return BAD_INPUT;
        }
        Path log;
        try {
            log = Path.of(parsed.required("log"));
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        }
        LogTail tail;
        try {
            if (!Files.isRegularFile(log)) {
                err.println("medic signatures: cannot read log " + log + ": " + (Files.exists(log) ? "not a regular file" : "no such file"));
                return BAD_INPUT;
            }
            tail = LogTail.read(log, LogLimits.TAIL_LINES, LogLimits.MAX_BYTES);
        } catch (IOException | SecurityException e) {
            err.println("medic signatures: cannot read log " + log + ": " + e.getMessage());
            return BAD_INPUT;
        }
        LogAnalysis analysis = new SignatureMatcher(catalog).analyze(tail.text(), parsed.get("termination-reason").orElse(null));
        if (format.equals("json")) {
            printJson(log, tail, analysis, out);
        } else {
            printText(tail, analysis, out);
        }
        return analysis.specific() ? 0 : GENERIC_ONLY;
    }

    private int usageError(IllegalArgumentException e, PrintStream err) {
        err.println("medic signatures: " + e.getMessage());
        err.println("usage: bin/medic " + usage());
        return BAD_INPUT;
    }

    private static void printText(LogTail tail, LogAnalysis analysis, PrintStream out) {
        SignatureMatch s = analysis.signature();
        out.println("signature  " + s.id() + " (version " + s.version() + ", severity " + s.severity() + ")"
                + (analysis.specific() ? "" : " - no specific signature fired"));
        if (s.fields().isEmpty()) {
            out.println("fields     (none)");
        } else {
            int width = s.fields().keySet().stream().mapToInt(String::length).max().orElse(0);
            String label = "fields     ";
            for (var field : new TreeMap<>(s.fields()).entrySet()) {
                out.println(label + String.format("%-" + width + "s = %s", field.getKey(), field.getValue()));
                label = "           ";
            }
        }
        if (!analysis.evidenceLine().isBlank()) {
            out.println("line       " + analysis.evidenceLine().strip());
        }
        out.println("excerpt    (redacted, as the detector would publish it" + (tail.truncated()
                ? "; from the last " + LogLimits.TAIL_LINES + " lines / " + LogLimits.MAX_BYTES / 1024 + " KiB of the "
                + tail.totalBytes() + "-byte log, as the detector reads it)" : ")"));
        analysis.excerpt().lines().forEach(line -> out.println("  | " + line));
    }

    private static void printJson(Path log, LogTail tail, LogAnalysis analysis, PrintStream out) {
        Report report = new Report(log.toString(), analysis.specific(), analysis.signature(), analysis.evidenceLine(),
                analysis.excerpt(), tail.truncated());
        try {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON output. */
    record Report(String log, boolean specific, SignatureMatch signature, String line, String excerpt, boolean truncated) {
    }
}
