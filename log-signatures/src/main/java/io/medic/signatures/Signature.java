package io.medic.signatures;

import com.google.re2j.Matcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One named failure a crash log can show: an id and version (recorded on every signal, so a consumer knows
 * exactly which rule fired), a severity, a priority, and what fires it: regexes over the normalised log
 * (named groups become fields) and/or the container's termination reason (OOMKilled). The regexes are RE2/J
 * patterns: matching costs time linear in the log's length, whatever the pattern.
 */
public record Signature(String id, int version, String severity, int priority, String description,
                        List<LinearRegex> patterns, Set<String> terminationReasons, List<String> fields) {

    public static final int DEFAULT_PRIORITY = 50;
    static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "info");
    private static final int MAX_FIELD_CHARS = 256;

    public Signature {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("id '" + id + "' must be lowercase letters, digits, '.', '_' or '-'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        if (severity == null || !SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + new java.util.TreeSet<>(SEVERITIES));
        }
        patterns = List.copyOf(patterns == null ? List.of() : patterns);
        terminationReasons = Set.copyOf(terminationReasons == null ? Set.of() : terminationReasons);
        if (patterns.isEmpty() && terminationReasons.isEmpty()) {
            throw new IllegalArgumentException("needs a regex or a termination-reason");
        }
        Set<String> groups = groupNames(patterns);
        if (fields == null || fields.isEmpty()) {
            fields = List.copyOf(groups);
        } else {
            for (String field : fields) {
                if (!groups.contains(field)) {
                    throw new IllegalArgumentException("field '" + field + "' is not a named group (?<" + field
                            + ">...) of any regex");
                }
            }
            fields = List.copyOf(fields);
        }
    }

    /** Where and how this signature fires in {@code log}, if it does. */
    Optional<Hit> find(String log, String terminationReason) {
        if (terminationReason != null && terminationReasons.contains(terminationReason)) {
            // the termination itself is the evidence: it happened at the very end of the log
            return Optional.of(new Hit(this, log.length(), log.length(), Map.of()));
        }
        int[] best = {-1, -1};
        List<Matched> matches = new ArrayList<>();
        for (LinearRegex pattern : patterns) {
            Set<String> names = Set.copyOf(pattern.groupNames());
            pattern.forEachMatch(log, m -> {
                matches.add(new Matched(m.end(), groupsOf(m, names)));
                if (m.end() > best[1]) {
                    best[1] = m.end();
                    best[0] = m.start();
                }
            });
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        // later matches win field by field, but a bare match (class name only) never erases a value
        matches.sort(java.util.Comparator.comparingInt(Matched::end));
        Map<String, String> values = new LinkedHashMap<>();
        for (Matched match : matches) {
            values.putAll(match.fields());
        }
        return Optional.of(new Hit(this, best[0], best[1], values));
    }

    private Map<String, String> groupsOf(Matcher m, Set<String> groupsOfPattern) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            String value = groupsOfPattern.contains(field) ? m.group(field) : null;
            if (value != null && !value.isBlank()) {
                String clean = Redactor.redact(value.strip());
                values.put(field, clean.length() > MAX_FIELD_CHARS ? clean.substring(0, MAX_FIELD_CHARS) + "…" : clean);
            }
        }
        return values;
    }

    private static Set<String> groupNames(List<LinearRegex> patterns) {
        Set<String> names = new LinkedHashSet<>();
        for (LinearRegex p : patterns) {
            names.addAll(p.groupNames());
        }
        return names;
    }

    /** A signature firing at [start, end) of the normalised log, with the fields it extracted. */
    record Hit(Signature signature, int start, int end, Map<String, String> fields) {
    }

    private record Matched(int end, Map<String, String> fields) {
    }
}
