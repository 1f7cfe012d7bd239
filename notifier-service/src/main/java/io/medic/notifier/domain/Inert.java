package io.medic.notifier.domain;

import io.medic.signatures.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text Medic did not write (log lines, evidence, blockers, comments of approvers, anything from an event)
 * safe to put in a Markdown comment: it renders as the characters it is, never as Markdown or HTML, never
 * mentions anyone ({@code @team}), never links an issue ({@code #184}), never closes the code fence around it,
 * and never shows a secret. Every piece of such text in a comment goes through exactly one of these methods.
 */
public final class Inert {

    /** Invisible, and breaks the forges' {@code @mention}, {@code #issue} and autolink patterns. */
    static final char WORD_JOINER = '\u2060';
    private static final Pattern DATABASE_URL = Pattern.compile(
            "(?i)\\b(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|sqlserver|oracle)://[^\\s'\"<>`]+");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    public static final String DATABASE_URL_HIDDEN = "[database URL hidden]";

    private Inert() {
    }

    /** Secrets out: the detector's redaction again, and any database URL as a whole (even without a password). */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String redacted = Redactor.redact(text);
        return DATABASE_URL.matcher(redacted).replaceAll(Matcher.quoteReplacement(DATABASE_URL_HIDDEN));
    }

    /**
     * One line of prose (a table cell, a list item, a quote): every character that means something to
     * Markdown or HTML becomes an entity, mentions, issue references and URLs are broken invisibly, and
     * the text is cut at {@code max} characters.
     */
    public static String text(String raw, int max) {
        String line = oneLine(scrub(raw), max);
        StringBuilder out = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\\', '`', '*', '_', '[', ']', '(', ')', '!', '|', '~', '{', '}', '+', '=', '$', '^' ->
                        out.append("&#").append((int) c).append(';');
                case '@', '#' -> out.append("&#").append((int) c).append(';').append(WORD_JOINER);
                case ':' -> out.append(line.startsWith("//", i + 1) ? ":" + WORD_JOINER : ":");
                case 'w', 'W' -> out.append(line.regionMatches(true, i, "www.", 0, 4) ? c + "" + WORD_JOINER : c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An inline code span, for identifiers (image, revision, signature field): literal inside, delimiters
     * longer than any backtick run in it; in a table a pipe is escaped as GFM requires.
     */
    public static String code(String raw, int max, boolean inTable) {
        String line = oneLine(scrub(raw), max);
        if (line.isEmpty()) {
            return "";
        }
        if (inTable) {
            line = line.replace("|", "\\|");
        }
        String fence = "`".repeat(longestRun(line) + 1);
        boolean pad = line.startsWith("`") || line.endsWith("`");
        return fence + (pad ? " " : "") + line + (pad ? " " : "") + fence;
    }

    /**
     * A fenced code block holding up to {@code maxLines} lines (the last ones), each cut at {@code maxLine}
     * characters: the fence is longer than any backtick run inside, so nothing in the text can close it.
     */
    public static String block(String raw, String info, int maxLines, int maxLine) {
        List<String> lines = new ArrayList<>();
        for (String line : ANSI.matcher(scrub(raw)).replaceAll("").replace("\r\n", "\n").replace('\r', '\n')
                .split("\n", -1)) {
            lines.add(cut(controlsOut(line.replace("\t", "    ")), maxLine));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int dropped = Math.max(0, lines.size() - maxLines);
        List<String> kept = lines.subList(dropped, lines.size());
        String body = (dropped > 0 ? "… (" + dropped + " earlier lines not shown)\n" : "") + String.join("\n", kept);
        String fence = "`".repeat(Math.max(3, longestRun(body) + 1));
        return fence + info + "\n" + body + "\n" + fence;
    }

    private static String oneLine(String text, int max) {
        String flat = controlsOut(ANSI.matcher(text).replaceAll("").replaceAll("\\s+", " ")).strip();
        return cut(flat, max);
    }

    private static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.max(1, max - 1));
        return text.substring(0, end) + "…";
    }

    private static String controlsOut(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)
                        && !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static int longestRun(String text) {
        Matcher m = BACKTICKS.matcher(text);
        int longest = 0;
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        return longest;
    }
}
