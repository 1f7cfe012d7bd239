package io.medic.signatures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads signatures from YAML, the one format of both the built-in catalog and users' files:
 * <pre>
 * signatures:
 *   - id: myapp.missing-setting      # lowercase, unique
 *     version: 1                     # bump when the meaning changes (default 1)
 *     severity: high                 # critical | high | medium | low | info
 *     priority: 60                   # higher wins over other matches (default 50)
 *     description: ...
 *     regex: 'setting (?&lt;name&gt;\w+) is required'   # one regex or a list (RE2 syntax); named groups become fields
 *     # an entry of the list may also be {pattern: '...', not-after: [of, for]}: its matches are ignored
 *     # right after one of these words (and one whitespace), what a lookbehind (?&lt;!\bof\s) would say
 *     termination-reason: OOMKilled  # and/or a termination reason (one or a list)
 *     fields: [name]                 # optional: which named groups to keep (default all)
 * </pre>
 * Anything else is an error that names the file, the entry and the problem, so a typo never silently
 * disables a signature. Regexes are RE2 syntax, matched in linear time: one that needs backtracking
 * (backreferences, lookaround, atomic groups, possessive quantifiers) is refused with the construct and
 * where it is, since on a crafted log such a pattern can stall the detector for minutes.
 */
public final class SignatureFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("id", "version", "severity", "priority", "description", "regex",
            "termination-reason", "fields");

    private SignatureFile() {
    }

    public static List<Signature> read(Path file) throws SignatureFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SignatureFileException(file + ": cannot read: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code source} names it in error messages. */
    public static List<Signature> parse(String text, String source) throws SignatureFileException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new SignatureFileException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject() || !root.has("signatures")) {
            throw new SignatureFileException(source + ": expected a mapping with a 'signatures' list");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("signatures")) {
                throw new SignatureFileException(source + ": unknown top-level key '" + name + "' (only 'signatures')");
            }
        }
        JsonNode list = root.get("signatures");
        if (!list.isArray()) {
            throw new SignatureFileException(source + ": 'signatures' must be a list");
        }
        List<Signature> signatures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = source + ": signature " + (i + 1) + (entry.hasNonNull("id") ? " (" + entry.get("id").asText() + ")" : "");
            Signature signature = entry(entry, where);
            if (!ids.add(signature.id())) {
                throw new SignatureFileException(where + ": id '" + signature.id() + "' is defined twice");
            }
            signatures.add(signature);
        }
        return List.copyOf(signatures);
    }

    private static Signature entry(JsonNode entry, String where) throws SignatureFileException {
        if (!entry.isObject()) {
            throw new SignatureFileException(where + ": expected a mapping");
        }
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new SignatureFileException(where + ": unknown key '" + name + "' (allowed: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        String id = text(entry, "id", where);
        if (id == null) {
            throw new SignatureFileException(where + ": missing 'id'");
        }
        if (id.equals(SignatureMatcher.GENERIC_ID)) {
            throw new SignatureFileException(where + ": '" + id + "' is reserved for the fallback signature");
        }
        String severity = text(entry, "severity", where);
        if (severity == null) {
            throw new SignatureFileException(where + ": missing 'severity' (one of " + new java.util.TreeSet<>(Signature.SEVERITIES) + ")");
        }
        List<LinearRegex> patterns = regexes(entry, where);
        try {
            return new Signature(id, integer(entry, "version", 1, where), severity,
                    integer(entry, "priority", Signature.DEFAULT_PRIORITY, where), text(entry, "description", where),
                    patterns, new LinkedHashSet<>(texts(entry, "termination-reason", where)), texts(entry, "fields", where));
        } catch (IllegalArgumentException e) {
            throw new SignatureFileException(where + ": " + e.getMessage(), e);
        }
    }

    /** 'regex': one pattern, or a list whose entries are patterns or {pattern, not-after} mappings. */
    private static List<LinearRegex> regexes(JsonNode entry, String where) throws SignatureFileException {
        JsonNode node = entry.get("regex");
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return List.of();
        } else if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        List<LinearRegex> patterns = new ArrayList<>();
        for (int r = 0; r < items.size(); r++) {
            JsonNode item = items.get(r);
            String here = where + ": regex " + (r + 1);
            String pattern;
            List<String> notAfter = List.of();
            if (item.isObject()) {
                for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("pattern") && !name.equals("not-after")) {
                        throw new SignatureFileException(here + ": unknown key '" + name + "' (allowed: [not-after, pattern])");
                    }
                }
                pattern = text(item, "pattern", here);
                if (pattern == null) {
                    throw new SignatureFileException(here + ": missing 'pattern'");
                }
                notAfter = texts(item, "not-after", here);
            } else if (item.isValueNode() && !item.isNull()) {
                pattern = item.asText();
            } else {
                throw new SignatureFileException(where + ": 'regex' must be a string, or a list of strings or {pattern, not-after} mappings");
            }
            try {
                patterns.add(LinearRegex.compile(pattern, notAfter));
            } catch (LinearRegex.Refused e) {
                throw new SignatureFileException(here + " " + e.getMessage());
            }
        }
        return patterns;
    }

    private static String text(JsonNode entry, String key, String where) throws SignatureFileException {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new SignatureFileException(where + ": '" + key + "' must be a single value");
        }
        return node.asText();
    }

    private static int integer(JsonNode entry, String key, int fallback, String where) throws SignatureFileException {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new SignatureFileException(where + ": '" + key + "' must be a whole number, not '" + node.asText() + "'");
        }
        return node.intValue();
    }

    /** One string or a list of strings. */
    private static List<String> texts(JsonNode entry, String key, String where) throws SignatureFileException {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw new SignatureFileException(where + ": '" + key + "' must be a string or a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                throw new SignatureFileException(where + ": '" + key + "' must be a string or a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }
}
