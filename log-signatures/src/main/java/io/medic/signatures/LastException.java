package io.medic.signatures;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line that best says why a program died when no signature fired: the last exception line
 * (Python's {@code package.ErrorType: message} at the start of a line, Java's {@code Exception in thread} /
 * {@code Caused by:}, Go's {@code panic:}, a CLI's {@code FAILED:} / {@code Error:}), else the last
 * line logged at ERROR / FATAL / CRITICAL level.
 */
final class LastException {

    private static final Pattern EXCEPTION = Pattern.compile(
            "^(?<type>(?:[A-Za-z_][\\w]*\\.)*[A-Za-z_]\\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault|Warning|Refused|Denied|Timeout|NotFound|Invalid))\\b(?::.*)?$"
                    + "|^(?:Exception in thread \"[^\"]*\" |Caused by: )(?<jtype>[\\w.$]+)(?::.*)?$"
                    + "|^(?:panic|fatal error|FAILED|Error|ERROR|FATAL|CRITICAL|Fatal):\\s.*$");
    private static final Pattern LEVEL = Pattern.compile("^\\[?(?:ERROR|FATAL|CRITICAL|PANIC|SEVERE)\\]?\\b.*$");

    private LastException() {
    }

    /** Index of the line that explains the crash, if any. */
    static OptionalInt lineIndex(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (EXCEPTION.matcher(lines.get(i)).matches()) {
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

    /** The exception type named by {@code line} ({@code sqlalchemy.exc.OperationalError}), or null. */
    static String typeOf(String line) {
        Matcher m = EXCEPTION.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return m.group("type") != null ? m.group("type") : m.group("jtype");
    }
}
