package io.medic.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw container log into the plain lines the program wrote, whatever wrapped them: terminal escape
 * sequences and control characters are removed; Kubernetes prefixes ({@code kubectl logs --timestamps},
 * {@code --prefix}, the CRI file format with its partial lines) and leading timestamps are stripped; JSON
 * log lines (Docker's json-file, structlog, python-json-logger, ECS, loguru) are replaced by their message
 * and exception fields, whose embedded newlines become lines again. The result is what signatures match
 * and what the excerpt shows.
 */
public final class LogNormalizer {

    private static final LinearRegex ESCAPES = LinearRegex.builtIn(
            "\\x{1B}\\[[0-?]*[ -/]*[@-~]"            // CSI: colours, cursor movement
                    + "|\\x{1B}\\][^\\x{07}\\x{1B}]*(?:\\x{07}|\\x{1B}\\\\)?" // OSC: titles, hyperlinks
                    + "|\\x{9B}[0-?]*[ -/]*[@-~]"     // 8-bit CSI
                    + "|\\x{1B}[@-Z\\\\-_]?"          // other escapes, or a lone ESC
                    + "|[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}-\\x{9F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");
    private static final LinearRegex CRI = LinearRegex.builtIn(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}) (?:stdout|stderr) ([FP]) ?");
    private static final LinearRegex KUBECTL_PREFIX = LinearRegex.builtIn("^\\[pod/[^\\]\\s/]+/[^\\]\\s]+\\] ");
    private static final LinearRegex TIMESTAMP = LinearRegex.builtIn(
            "^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?\\]?(?: |\\t|$)");
    /** Keys whose values are the text a JSON log line carries, in the order they are shown. */
    private static final List<String> TEXT_KEYS = List.of("log", "message", "msg", "event", "text", "@message",
            "error", "err", "exception", "exc_info", "exc_text", "stack_trace", "stacktrace", "stack", "traceback",
            "error.type", "error.message", "error.stack_trace");
    private static final List<String> NESTED_KEYS = List.of("type", "message", "msg", "stack_trace", "stacktrace", "stack");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 2;

    private LogNormalizer() {
    }

    /** The plain lines of {@code raw}. */
    public static List<String> lines(String raw) {
        String clean = stripEscapes(raw.replace("\r\n", "\n").replace('\r', '\n'));
        List<String> out = new ArrayList<>();
        StringBuilder partial = new StringBuilder();
        for (String line : clean.split("\n", -1)) {
            Matcher cri = CRI.matcher(line);
            if (cri.find()) {
                // CRI splits long lines into P(artial) records ending with one F(ull) record
                partial.append(line, cri.end(), line.length());
                if (cri.group(1).equals("P")) {
                    continue;
                }
                line = partial.toString();
                partial.setLength(0);
            } else if (partial.length() > 0) {
                unwrap(partial.toString(), 0, out);
                partial.setLength(0);
            }
            unwrap(line, 0, out);
        }
        if (partial.length() > 0) {
            unwrap(partial.toString(), 0, out);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** {@code raw} without terminal escape sequences and control characters (tabs and newlines stay). */
    public static String stripEscapes(String raw) {
        // every escape sequence starts with a control character: find those with a plain loop, and let the
        // engine take each sequence from there (it ends where the sequence ends), never scanning plain text
        int at = nextControl(raw, 0);
        if (at < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        Matcher m = ESCAPES.matcher(raw);
        int last = 0;
        while (at >= 0 && m.find(at)) {
            out.append(raw, last, m.start());
            last = m.end();
            at = nextControl(raw, last);
        }
        return out.append(raw, last, raw.length()).toString();
    }

    /** Index of the first character at or after {@code from} that {@link #ESCAPES} can start with, or -1. */
    private static int nextControl(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The characters of the last alternative of {@link #ESCAPES}, which the other alternatives all start with. */
    static boolean isControl(char c) {
        return c <= 0x08 || c == 0x0B || c == 0x0C || c >= 0x0E && c <= 0x1F || c >= 0x7F && c <= 0x9F
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    private static void unwrap(String line, int depth, List<String> out) {
        line = KUBECTL_PREFIX.matcher(line).replaceFirst("");
        // the runtime's timestamp, then the program's own (kubectl --timestamps over Python logging)
        line = TIMESTAMP.matcher(line).replaceFirst("");
        line = TIMESTAMP.matcher(line).replaceFirst("");
        String trimmed = line.strip();
        if (depth < MAX_DEPTH && trimmed.startsWith("{") && trimmed.endsWith("}")) {
            List<String> texts = jsonTexts(trimmed);
            if (!texts.isEmpty()) {
                StringBuilder joined = new StringBuilder();
                for (String text : texts) {
                    if (joined.length() > 0 && joined.charAt(joined.length() - 1) != '\n') {
                        joined.append('\n');
                    }
                    joined.append(text);
                }
                String body = joined.toString();
                if (body.endsWith("\n")) {
                    body = body.substring(0, body.length() - 1);
                }
                for (String inner : body.split("\n", -1)) {
                    unwrap(inner, depth + 1, out);
                }
                return;
            }
        }
        out.add(line);
    }

    private static List<String> jsonTexts(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception notJson) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return texts;
        }
        for (String key : TEXT_KEYS) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                if (!value.asText().isEmpty()) {
                    texts.add(stripEscapes(value.asText()));
                }
            } else if (value.isObject()) {
                for (String nested : NESTED_KEYS) {
                    JsonNode inner = value.get(nested);
                    if (inner != null && inner.isTextual() && !inner.asText().isEmpty()) {
                        texts.add(stripEscapes(inner.asText()));
                    }
                }
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        texts.add(stripEscapes(item.asText()));
                    }
                }
            }
        }
        return texts;
    }
}
