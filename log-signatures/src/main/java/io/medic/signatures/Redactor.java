package io.medic.signatures;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it leaves the detector: passwords in URLs, {@code password=} / {@code
 * token=} / {@code secret=} style assignments (also as JSON keys and {@code --password x} flags), bearer and
 * basic credentials, JWTs, AWS access keys and PEM private keys. Each is replaced by {@code ***}, keeping
 * the surrounding text readable ({@code postgresql://app:***@db:5432/app}).
 */
public final class Redactor {

    public static final String MASK = "***";

    private static final List<Rule> RULES = List.of(
            // scheme://user:password@host — the password may itself contain '@'; the last '@' before the host wins
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://[^:/?#@\\s\"'<>]*:)[^\\s/\"'<>]+(@)"), "$1" + MASK + "$2"),
            new Rule(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\\z)"),
                    "-----BEGIN PRIVATE KEY-----" + MASK + "-----END PRIVATE KEY-----"),
            new Rule(Pattern.compile("(?i)\\b(authorization[\"']?[ \\t]*[:=][ \\t]*[\"']?)((?:bearer|basic|token|digest)\\s+)?[^\\s\"',;]+"),
                    "$1$2" + MASK),
            new Rule(Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9\\-._~+/]+=*"), "$1 " + MASK),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), MASK),
            new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), MASK),
            // key = value, key: value, "key": "value", --key value
            new Rule(Pattern.compile("(?i)(?<![\\w.\\-])([\\w.\\-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\\w.\\-]*"
                    + "[\"']?[ \\t]*[=:][ \\t]*)(\"[^\"]*\"|'[^']*'|[^\\s,;&'\")}\\]]+)"), "$1" + MASK),
            new Rule(Pattern.compile("(?i)(--?(?:password|passwd|token|secret|api-key)[ \\t]+)(?!-)\\S+"), "$1" + MASK),
            // SQL: CREATE ROLE app PASSWORD 'x'
            new Rule(Pattern.compile("(?i)(\\bpassword\\s+)('[^']*'|\"[^\"]*\")"), "$1" + MASK));

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? m.replaceAll(replacement) : text;
        }
    }
}
