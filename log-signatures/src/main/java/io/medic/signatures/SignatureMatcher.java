package io.medic.signatures;

import io.medic.events.SignatureMatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs a catalog over a crash log: normalises the log, finds every signature that fires, keeps the best
 * (highest priority, then the match nearest the end of the log, then catalog order) and, when none fires,
 * falls back to {@value #GENERIC_ID} carrying the last exception line; everything it returns is redacted. The
 * same code serves the detector
 * and {@code bin/medic signatures}, so what the command prints is what the detector publishes.
 */
public final class SignatureMatcher {

    public static final String GENERIC_ID = "generic.exception";
    public static final int GENERIC_VERSION = 1;
    public static final String GENERIC_SEVERITY = "medium";
    private static final int MAX_GENERIC_LINE_CHARS = 500;

    private final SignatureCatalog catalog;
    private final int excerptMaxBytes;

    public SignatureMatcher(SignatureCatalog catalog, int excerptMaxBytes) {
        this.catalog = catalog;
        this.excerptMaxBytes = excerptMaxBytes;
    }

    public SignatureMatcher(SignatureCatalog catalog) {
        this(catalog, LogLimits.EXCERPT_MAX_BYTES);
    }

    /**
     * @param rawLog            the log as fetched (any wrapper format); null means no log was available
     * @param terminationReason the container's last termination reason (e.g. {@code OOMKilled}), or null
     */
    public LogAnalysis analyze(String rawLog, String terminationReason) {
        List<String> lines = LogNormalizer.lines(rawLog == null ? "" : rawLog);
        String text = String.join("\n", lines);
        Signature.Hit best = null;
        for (Signature signature : catalog.signatures()) {
            Optional<Signature.Hit> hit = signature.find(text, terminationReason);
            if (hit.isPresent() && (best == null || beats(hit.get(), best))) {
                best = hit.get();
            }
        }
        // the whole log is redacted before any of it is chosen: a secret cut by the excerpt's window is still one
        List<String> shown = Redactor.redactLines(lines);
        if (best != null) {
            Signature s = best.signature();
            int focus = best.start() >= text.length() ? -1 : lineOf(text, Math.max(best.start(), best.end() - 1));
            return new LogAnalysis(new SignatureMatch(s.id(), s.version(), s.severity(), best.fields()), true,
                    focus < 0 ? "" : shown.get(focus), Excerpt.of(shown, focus, excerptMaxBytes));
        }
        return generic(lines, shown);
    }

    private LogAnalysis generic(List<String> lines, List<String> shown) {
        OptionalInt index = LastException.lineIndex(lines);
        Map<String, String> fields = new LinkedHashMap<>();
        String line = "";
        if (index.isPresent()) {
            line = shown.get(index.getAsInt()).strip();
            fields.put("line", capped(line));
            String type = LastException.typeOf(lines.get(index.getAsInt()).strip());
            if (type != null) {
                fields.put("exception", capped(type));
            }
        }
        return new LogAnalysis(new SignatureMatch(GENERIC_ID, GENERIC_VERSION, GENERIC_SEVERITY, fields), false, line,
                Excerpt.of(shown, index.orElse(-1), excerptMaxBytes));
    }

    private static String capped(String field) {
        return field.length() > MAX_GENERIC_LINE_CHARS ? field.substring(0, MAX_GENERIC_LINE_CHARS) + "…" : field;
    }

    private static boolean beats(Signature.Hit candidate, Signature.Hit best) {
        if (candidate.signature().priority() != best.signature().priority()) {
            return candidate.signature().priority() > best.signature().priority();
        }
        return candidate.end() > best.end();
    }

    private static int lineOf(String text, int offset) {
        int line = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
