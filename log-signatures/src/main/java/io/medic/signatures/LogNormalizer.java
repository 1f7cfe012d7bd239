package io.medic.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw container log into the plain lines the program wrote, whatever wrapped them: terminal escape
 * sequences and control characters are removed; Kubernetes prefixes ({@code kubectl logs --timestamps},
 * {@code --prefix}, the CRI file format with its partial lines) and leading timestamps are stripped; JSON
 * log lines (Docker's json-file, structlog, python-json-logger, ECS, loguru) are replaced by their message
 * and exception fields, whose embedded newlines become lines again. The result is what signatures match
 * and what the excerpt shows.
 */
public final class LogNormalizer {

    private static final Pattern ESCAPES = Pattern.compile(
            "\\u001B\\[[0-?]*[ -/]*[@-~]"            // CSI: colours, cursor movement
                    + "|\\u001B\\][^\\u0007\\u001B]*(?:\\u0007|\\u001B\\\\)?" // OSC: titles, hyperlinks
                    + "|\\u009B[0-?]*[ -/]*[@-~]"     // 8-bit CSI
                    + "|\\u001B[@-Z\\\\-_]?"          // other escapes, or a lone ESC
                    + "|[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern CRI = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}) (?:stdout|stderr) ([FP]) ?");
    private static final Pattern KUBECTL_PREFIX = Pattern.compile("^\\[pod/[^\\]\\s/]+/[^\\]\\s]+\\] ");
    private static final Pattern TIMESTAMP = Pattern.compile(
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
        return ESCAPES.matcher(raw).replaceAll("");
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
