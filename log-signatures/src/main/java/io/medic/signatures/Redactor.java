package io.medic.signatures;

import com.google.re2j.Matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Removes secrets from text before it leaves the detector: passwords and tokens in URLs ({@code
 * postgresql://app:***@db}, {@code https://oauth2:***@gitlab.example.com/group/repo.git}), {@code password=} /
 * {@code token=} / {@code secret=} style assignments (also as JSON keys and {@code --password x} flags),
 * bearer, basic and token credentials, JWTs, AWS access keys, forge and chat tokens (GitHub {@code ghp_ gho_
 * ghs_ ghu_ ghr_ github_pat_}, GitLab {@code glpat-}, Slack {@code xoxb-}..., Google API keys {@code AIza...},
 * a 40-hex token after {@code token}) and PEM private keys. Each is replaced by {@code ***}, keeping the
 * surrounding text readable.
 *
 * <p>Redaction never adds or removes a line, so a line number in the text is the same line in the result.
 * A log is redacted whole before any part of it is chosen for an excerpt ({@link #redactLines}): a private
 * key whose BEGIN line lies outside the excerpt is still a key, and so is the end of one whose BEGIN line was
 * cut off with the start of the log (a run of base64 lines ending in an {@code -----END ... KEY-----} line,
 * or a long base64 block at the very start). Every pattern is RE2/J, linear in the text's length.
 */
public final class Redactor {

    public static final String MASK = "***";

    /** How long a headless base64 block at the start of a log must be to be taken for the rest of a key. */
    private static final int LEADING_BLOCK_MIN_CHARS = 64;
    /** Shortest base64 word taken for a key's body line (the last line before the END line may be shorter). */
    private static final int BODY_WORD_MIN_CHARS = 16;
    private static final LinearRegex KEY_END = LinearRegex.builtIn("-----END [A-Z0-9 ]*KEY-----");
    /** Words that make the value after them (= or :) a secret. */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token", "api[_-]?key",
            "access[_-]?key", "private[_-]?key", "credential");

    /*
     * Every rule starts with a literal (after \b), so the engine jumps between its occurrences; rules marked
     * ASCII-case-insensitive run, written in lower case, over the text with A-Z lowered (same length, same
     * offsets), which is what (?i) meant to java.util.regex and keeps the literal.
     */
    private static final List<Rule> RULES = rules();

    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(List.of(
                // scheme://user:password@host — the password may itself contain '@'; the last '@' before the host wins
                Rule.exact("(://[^:/?#@\\s\"'<>]*:)[^\\s/\"'<>]+(@)", m -> m.g(1) + MASK + m.g(2)),
                // scheme://TOKEN@host — a clone URL with a token and no password (https://ghp_...@github.com/o/r.git)
                Rule.exact("(://)[A-Za-z0-9_\\-]{20,}(@)", m -> m.g(1) + MASK + m.g(2)),
                // a PEM private key: the armour lines stay, every line of the body becomes ***
                Rule.exact("(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)([\\s\\S]*?)(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)",
                        m -> m.g(1) + maskWords(m.g(2)) + m.g(3)),
                Rule.lowerCase("\\b(authorization[\"']?[ \\t]*[:=][ \\t]*[\"']?)((?:bearer|basic|token|digest)\\s+)?[^\\s\"',;]+",
                        m -> m.g(1) + m.g(2) + MASK),
                Rule.lowerCase("\\b(bearer)\\s+[a-z0-9\\-._~+/]+=*", m -> m.g(1) + " " + MASK),
                Rule.exact("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", m -> MASK),
                Rule.exact("\\bAKIA[0-9A-Z]{16}\\b", m -> MASK),
                Rule.exact("\\bASIA[0-9A-Z]{16}\\b", m -> MASK),
                // GitHub personal, OAuth, app installation, user-to-server and refresh tokens; fine-grained PATs
                Rule.exact("\\bg(?:h[opsur]_[A-Za-z0-9]{20,}|ithub_pat_[A-Za-z0-9_]{20,})", m -> MASK),
                // GitLab personal, deploy, runner and project-trigger tokens
                Rule.exact("\\bgl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\\-]{20,}", m -> MASK),
                // Slack bot, user, app-level and refresh tokens
                Rule.exact("\\bxox[abpr]-[A-Za-z0-9\\-]{10,}", m -> MASK),
                // Google API keys
                Rule.exact("\\bAIza[0-9A-Za-z_\\-]{35,}", m -> MASK),
                // Gitea/Forgejo/GitHub classic tokens: 40 hex digits after the word token (Authorization: token ..., "token abc...")
                Rule.lowerCase("\\b(token[ \\t]+)[0-9a-f]{40}\\b", m -> m.g(1) + MASK)));
        // key = value, key: value, "key": "value", for any key holding one of the words (db_password, X-Api-Key)
        for (String word : SECRET_WORDS) {
            rules.add(Rule.lowerCase("(" + word + "[\\w.\\-]*[\"']?[ \\t]*[=:][ \\t]*)(\"[^\"]*\"|'[^']*'|[^\\s,;&'\")}\\]]+)",
                    // a URL's user ending in "token" whose password is masked already keeps its host
                    m -> m.g(2).startsWith(MASK + "@") || m.g(2).equals(MASK) ? m.g(0) : m.g(1) + MASK));
        }
        // --password value (a value, not the next flag)
        rules.add(Rule.lowerCase("(--?(?:password|passwd|token|secret|api-key)[ \\t]+)[^\\s\\-]\\S*", m -> m.g(1) + MASK));
        // SQL: CREATE ROLE app PASSWORD 'x'
        rules.add(Rule.lowerCase("\\b(password\\s+)('[^']*'|\"[^\"]*\")", m -> m.g(1) + MASK));
        return List.copyOf(rules);
    }

    private Redactor() {
    }

    /** {@code text} with every secret masked; as many lines as it had. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        String lower = null;
        for (Rule rule : RULES) {
            if (rule.lowerCase() && lower == null) {
                lower = asciiLowerCase(result);
            }
            String applied = rule.apply(result, rule.lowerCase() ? lower : result);
            if (!applied.equals(result)) {
                result = applied;
                lower = null;
            }
        }
        return headlessKeyBodies(result);
    }

    /**
     * The lines of a log, redacted as one text (so multi-line secrets are seen whole), plus the body of a key
     * cut off by the start of the log: a block of base64 lines at the very start, as long as a PEM body line
     * or longer. As many lines as {@code lines}, in the same order.
     */
    public static List<String> redactLines(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        String[] redacted = redact(String.join("\n", lines)).split("\n", -1);
        List<String> out = new ArrayList<>(List.of(redacted));
        int block = 0;
        int chars = 0;
        while (block < out.size()) {
            String line = out.get(block).strip();
            if (!isBase64Word(line, 0, line.length(), BODY_WORD_MIN_CHARS)) {
                break;
            }
            chars += line.length();
            block++;
        }
        if (chars >= LEADING_BLOCK_MIN_CHARS) {
            for (int i = 0; i < block; i++) {
                out.set(i, maskWords(out.get(i)));
            }
        }
        return out;
    }

    /**
     * {@code text} with the body of every key whose BEGIN line is gone masked: the base64 words right before an
     * {@code -----END ... KEY-----} marker, back to the first word that is not base64 (the one next to the
     * marker may be short, the others are as long as a body line is at least).
     */
    private static String headlessKeyBodies(String text) {
        List<int[]> words = new ArrayList<>();
        KEY_END.forEachMatch(text, m -> {
            int at = m.start();
            boolean first = true;
            while (true) {
                int end = at;
                while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                    end--;
                }
                int start = end;
                while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
                if (start == end || !isBase64Word(text, start, end, first ? 1 : BODY_WORD_MIN_CHARS)) {
                    break;
                }
                words.add(new int[] {start, end});
                at = start;
                first = false;
            }
        });
        if (words.isEmpty()) {
            return text;
        }
        words.sort(java.util.Comparator.comparingInt(w -> w[0]));
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (int[] word : words) {
            out.append(text, last, word[0]).append(MASK);
            last = word[1];
        }
        return out.append(text, last, text.length()).toString();
    }

    /** Whether text[start, end) is base64 (padding only at the end), at least {@code minChars} long. */
    private static boolean isBase64Word(String text, int start, int end, int minChars) {
        int body = end;
        while (body > start && end - body < 2 && text.charAt(body - 1) == '=') {
            body--;
        }
        if (body - start < minChars) {
            return false;
        }
        for (int i = start; i < body; i++) {
            char c = text.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with A-Z lowered and nothing else changed: same length, same offsets. */
    private static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    /** Every run of non-whitespace in {@code s} replaced by the mask; the whitespace (and so the lines) kept. */
    private static String maskWords(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (space) {
                b.append(c);
            } else if (!inWord) {
                b.append(MASK);
            }
            inWord = !space;
        }
        return b.toString();
    }

    /** The groups of one match, read from the original text (a lower-cased copy has the same offsets). */
    private record Match(String text, Matcher m) {
        String g(int group) {
            int start = m.start(group);
            return start < 0 ? "" : text.substring(start, m.end(group));
        }
    }

    /** A pattern and what each match becomes; a match's line breaks survive its replacement. */
    private record Rule(LinearRegex pattern, boolean lowerCase, Function<Match, String> replacement) {
        static Rule exact(String regex, Function<Match, String> replacement) {
            return new Rule(LinearRegex.builtIn(regex), false, replacement);
        }

        /** A rule written in lower case, run over the text with A-Z lowered: ASCII-case-insensitive. */
        static Rule lowerCase(String regex, Function<Match, String> replacement) {
            return new Rule(LinearRegex.builtIn(regex), true, replacement);
        }

        /** {@code text} with every match of this rule in {@code searched} (text itself, or it lower-cased) replaced. */
        String apply(String text, String searched) {
            StringBuilder out = new StringBuilder();
            int[] last = {0};
            pattern.forEachMatch(searched, m -> {
                out.append(text, last[0], m.start());
                String replaced = replacement.apply(new Match(text, m));
                out.append(replaced);
                int lost = newlines(text, m.start(), m.end()) - newlines(replaced, 0, replaced.length());
                out.append("\n".repeat(Math.max(0, lost)));
                last[0] = m.end();
            });
            return last[0] == 0 && out.isEmpty() ? text : out.append(text, last[0], text.length()).toString();
        }

        private static int newlines(String s, int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                if (s.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }
    }
}
