package io.medic.signatures;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A regular expression as this module runs it: compiled by RE2/J, whose matching time is linear in the
 * length of the text whatever the pattern, so no log line (crafted or not) can stall a detector worker the
 * way a backtracking engine can (nested or adjacent quantifiers over 64 KiB take minutes, or overflow the
 * stack). The price is RE2's syntax: no backreferences, lookaround, atomic groups or possessive
 * quantifiers; a pattern that needs them is refused with a reason a person can act on.
 *
 * <p>Two things keep the constant small. RE2/J jumps straight to the next occurrence of a pattern's literal
 * prefix, so a pattern that starts with {@code \b} and a word ({@code \bDuplicateColumn}) is run without its
 * {@code \b}, which is then checked at each match: exactly the same matches. And "not right after the word
 * of" ({@code not-after}), which would need a lookbehind, is checked on the few characters before each match.
 * A match refused by either check is searched again one character further on, as the engine would; should
 * refused matches ever add up to more than the text, the pattern as written takes over (exact for {@code
 * \b}; for {@code not-after}, matches overlapping a refused one are then skipped), so the work stays linear.
 */
public final class LinearRegex {

    /** Java-only constructs, in the order they are looked for, with what to call them in a reason. */
    private static final List<Construct> BACKTRACKING_ONLY = List.of(
            new Construct("(?<=", "a lookbehind"),
            new Construct("(?<!", "a negative lookbehind"),
            new Construct("(?=", "a lookahead"),
            new Construct("(?!", "a negative lookahead"),
            new Construct("(?>", "an atomic group"),
            new Construct("\\k<", "a named backreference"),
            new Construct("\\G", "the anchor"),
            new Construct("\\Z", "the anchor"),
            new Construct("\\R", "the line-break class"),
            new Construct("\\h", "the horizontal-space class"),
            new Construct("\\X", "the grapheme class"));

    private final String source;
    private final Pattern exact;
    /** {@link #exact} without its leading {@code \b}, so that the engine can skip to its literal prefix; or null. */
    private final Pattern skipping;
    private final List<String> notAfter;
    private final List<String> groupNames;

    private LinearRegex(String source, Pattern exact, Pattern skipping, List<String> notAfter) {
        this.source = source;
        this.exact = exact;
        this.skipping = skipping;
        this.notAfter = List.copyOf(notAfter);
        this.groupNames = exact.namedGroups().entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder())).map(Map.Entry::getKey).toList();
    }

    /** Compiles a pattern that ships with Medic; a bad one is a bug, not input. */
    static LinearRegex builtIn(String regex) {
        try {
            return compile(regex, List.of());
        } catch (Refused e) {
            throw new IllegalStateException("built-in pattern " + regex + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compiles {@code regex}, whose matches are ignored when one of the words {@code notAfter} comes right
     * before them (then one whitespace character), or explains why it cannot be matched in linear time, or at all.
     */
    static LinearRegex compile(String regex, List<String> notAfter) throws Refused {
        Pattern exact;
        try {
            exact = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Refused(reason(regex, e));
        }
        for (String word : notAfter) {
            if (word.isEmpty() || !word.chars().allMatch(LinearRegex::isWordChar)) {
                throw new Refused("has not-after '" + word + "', which must be one word (letters, digits, '_')");
            }
        }
        return new LinearRegex(regex, exact, startsWithBoundaryThenWord(regex) ? Pattern.compile(regex.substring(2)) : null, notAfter);
    }

    /** The pattern as written. */
    public String pattern() {
        return source;
    }

    /** Words that must not come right before a match. */
    public List<String> notAfter() {
        return notAfter;
    }

    /**
     * A matcher for the pattern as written, for uses anchored at the start of the text ({@code matches()}, a
     * pattern starting with {@code ^}), where there is nothing to skip; to search, use {@link #forEachMatch}.
     */
    Matcher matcher(CharSequence text) {
        return exact.matcher(text);
    }

    /** The named groups, in the order they appear. */
    List<String> groupNames() {
        return groupNames;
    }

    /**
     * Calls {@code onMatch} with a matcher on each match in {@code text}, left to right, none overlapping: the
     * matches {@code java.util.regex} would find for the same pattern (with the lookbehinds {@code not-after} stands for).
     */
    void forEachMatch(CharSequence text, Consumer<Matcher> onMatch) {
        boolean boundaryToCheck = skipping != null;
        Matcher m = (boundaryToCheck ? skipping : exact).matcher(text);
        long refused = 0;
        long budget = 2L * text.length() + 256;
        boolean found = m.find();
        while (found) {
            int start = m.start();
            boolean boundaryOk = !boundaryToCheck || start == 0 || !isWordChar(text.charAt(start - 1));
            if (boundaryOk && !afterExcludedWord(text, start)) {
                onMatch.accept(m);
                found = m.find();
                continue;
            }
            refused += m.end() - start + 1;
            if (refused <= budget) {
                found = start + 1 <= text.length() && m.find(start + 1);
            } else if (boundaryToCheck) {
                // too many refusals: the pattern as written, from here on
                boundaryToCheck = false;
                refused = 0;
                m = exact.matcher(text);
                found = m.find(start);
            } else {
                found = m.find();
            }
        }
    }

    /** Whether {@code text} has, right before {@code start}, one of the {@code not-after} words and then one whitespace. */
    private boolean afterExcludedWord(CharSequence text, int start) {
        if (notAfter.isEmpty() || start < 2 || !isSpace(text.charAt(start - 1))) {
            return false;
        }
        for (String word : notAfter) {
            int from = start - 1 - word.length();
            if (from >= 0 && (from == 0 || !isWordChar(text.charAt(from - 1)))
                    && text.subSequence(from, start - 1).toString().equals(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code regex} is {@code \b} then (perhaps inside a group) a word character that every match starts
     * with: then the engine can run it without the {@code \b} and skip to its literal prefix.
     */
    static boolean startsWithBoundaryThenWord(String regex) {
        if (!regex.startsWith("\\b") || alternationAtDepth(regex, 0, 0, regex.length())) {
            return false;
        }
        int i = 2;
        int group = -1;
        if (regex.startsWith("(?:", i)) {
            group = i;
            i += 3;
        } else if (regex.startsWith("(?P<", i) || regex.startsWith("(?<", i)) {
            group = i;
            i = regex.indexOf('>', i) + 1;
        } else if (regex.startsWith("(", i) && !regex.startsWith("(?", i)) {
            group = i;
            i++;
        }
        if (i <= 0 || i + 1 >= regex.length() || !isWordChar(regex.charAt(i)) || "?*{".indexOf(regex.charAt(i + 1)) >= 0) {
            return false;
        }
        if (group >= 0) {
            // the group must be there in every match, and be no choice between branches
            int close = closingParen(regex, group);
            return close > 0 && !alternationAtDepth(regex, 1, group, close)
                    && (close + 1 >= regex.length() || "?*{".indexOf(regex.charAt(close + 1)) < 0);
        }
        return true;
    }

    /** Whether {@code regex} has a '|' at nesting {@code depth} (relative to {@code from}) before {@code to}. */
    private static boolean alternationAtDepth(String regex, int depth, int from, int to) {
        int level = 0;
        boolean inClass = false;
        for (int i = from; i < to; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < to && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < to && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                level++;
            } else if (c == ')') {
                level--;
            } else if (c == '|' && level == depth) {
                return true;
            }
        }
        return false;
    }

    /** Index of the ')' closing the '(' at {@code open}, or -1. */
    private static int closingParen(String regex, int open) {
        int level = 0;
        boolean inClass = false;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                level++;
            } else if (c == ')' && --level == 0) {
                return i;
            }
        }
        return -1;
    }

    /** RE2's (and, since JDK 19, java.util.regex's) word characters: ASCII letters, digits and '_'. */
    static boolean isWordChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** RE2's {@code \s}: space, tab, newline, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static String reason(String regex, PatternSyntaxException e) {
        Construct found = javaOnly(regex);
        if (found != null) {
            return "uses " + found.name() + " '" + found.text() + "' at character " + (found.at() + 1)
                    + ", which only a backtracking matcher can run; signatures are matched in linear time (RE2 syntax: "
                    + "no lookaround, backreferences, atomic groups or possessive quantifiers)";
        }
        return "does not compile: " + e.getDescription() + " near '" + e.getPattern() + "'";
    }

    /** The first construct of {@code regex} (outside character classes and quoting) that RE2 lacks, or null. */
    private static Construct javaOnly(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                if (!inClass) {
                    for (Construct construct : BACKTRACKING_ONLY) {
                        if (construct.text().startsWith("\\") && regex.startsWith(construct.text(), i)) {
                            return construct.at(i);
                        }
                    }
                    if (next >= '1' && next <= '9') {
                        return new Construct(regex.substring(i, i + 2), "a backreference", i);
                    }
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                } else {
                    i++;
                }
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                for (Construct construct : BACKTRACKING_ONLY) {
                    if (construct.text().startsWith("(") && regex.startsWith(construct.text(), i)) {
                        return construct.at(i);
                    }
                }
            } else if ("*+?}".indexOf(c) >= 0 && i + 1 < regex.length() && regex.charAt(i + 1) == '+' && i > 0
                    && regex.charAt(i - 1) != '(') {
                return new Construct(regex.substring(i, i + 2), "a possessive quantifier", i);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return notAfter.isEmpty() ? source : source + " not after " + notAfter;
    }

    /** A pattern that cannot be used, and why (for a person). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    /** A construct by its text, what to call it, and where it was found (-1: not yet). */
    private record Construct(String text, String name, int at) {
        Construct(String text, String name) {
            this(text, name, -1);
        }

        Construct at(int index) {
            return new Construct(text, name, index);
        }
    }
}
