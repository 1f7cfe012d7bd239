package io.medic.signatures;

import com.google.re2j.Matcher;

import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the line that best says why a program died when no signature fired: the last exception line
 * (Python's {@code package.ErrorType: message} at the start of a line, Java's {@code Exception in thread} /
 * {@code Caused by:}, Go's {@code panic:}, a CLI's {@code FAILED:} / {@code Error:}), else the last
 * line logged at ERROR / FATAL / CRITICAL level. A dotted name longer than {@value #MAX_TYPE_CHARS}
 * characters is not taken for an exception type.
 */
final class LastException {

    private static final LinearRegex EXCEPTION = LinearRegex.builtIn(
            "^(?<type>(?:[A-Za-z_][\\w]*\\.)*[A-Za-z_]\\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault|Warning|Refused|Denied|Timeout|NotFound|Invalid))\\b(?::.*)?$"
                    + "|^(?:Exception in thread \"[^\"]*\" |Caused by: )(?<jtype>[\\w.$]+)(?::.*)?$"
                    + "|^(?:panic|fatal error|FAILED|Error|ERROR|FATAL|CRITICAL|Fatal):\\s.*$");
    private static final LinearRegex LEVEL = LinearRegex.builtIn("^\\[?(?:ERROR|FATAL|CRITICAL|PANIC|SEVERE)\\]?\\b.*$");
    /** Longer dotted names are not exception types (and would cost the engine work on every line). */
    static final int MAX_TYPE_CHARS = 200;
    private static final List<String> OTHER_STARTS = List.of("Exception in thread \"", "Caused by: ", "panic:", "fatal error:",
            "FAILED:", "Error:", "ERROR:", "FATAL:", "CRITICAL:", "Fatal:");

    private LastException() {
    }

    /** Index of the line that explains the crash, if any. */
    static OptionalInt lineIndex(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (mayBeException(lines.get(i)) && EXCEPTION.matcher(lines.get(i)).matches()) {
                return OptionalInt.of(i);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (LEVEL.matcher(lines.get(i)).matches()) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Whether {@link #EXCEPTION} can match {@code line} at all: it starts with a dotted name of at most {@value
     * #MAX_TYPE_CHARS} characters that ends the line or is followed by ':', or with one of the other openings.
     * Cheap, so that the engine only runs on the few lines that look like it.
     */
    private static boolean mayBeException(String line) {
        int k = 0;
        while (k < line.length() && (LinearRegex.isWordChar(line.charAt(k)) || line.charAt(k) == '.')) {
            k++;
        }
        if (k > 0 && k <= MAX_TYPE_CHARS && (k == line.length() || line.charAt(k) == ':')) {
            return true;
        }
        for (String start : OTHER_STARTS) {
            if (line.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    /** The exception type named by {@code line} ({@code sqlalchemy.exc.OperationalError}), or null. */
    static String typeOf(String line) {
        Matcher m = EXCEPTION.matcher(line);
        if (!mayBeException(line) || !m.matches()) {
            return null;
        }
        return m.group("type") != null ? m.group("type") : m.group("jtype");
    }
}
