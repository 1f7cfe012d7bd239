package io.medic.signatures;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The part of a normalised, already redacted log ({@link Redactor#redactLines}) that is published as
 * evidence, capped in bytes: from a few
 * lines before the line that fired to the end of the log. When that is too long, lines are kept in this
 * order until the cap: the firing line; a few lines before it, after it, and at the end of the log; then
 * more of each, nearest the firing line first. Gaps are marked with how many lines were left out.
 */
final class Excerpt {

    static final int CONTEXT_BEFORE = 20;
    static final int CONTEXT_AFTER = 10;
    private static final int MAX_LINE_CHARS = 2000;
    private static final String GAP = "… %d lines omitted …";
    /** Room kept for up to two gap markers. */
    private static final int GAP_RESERVE = 2 * (GAP.length() + 12);

    private Excerpt() {
    }

    /**
     * @param lines the log's lines, redacted
     * @param focus index of the line that fired, or -1 for "the end of the log"
     */
    static String of(List<String> lines, int focus, int maxBytes) {
        if (lines.isEmpty() || maxBytes <= 0) {
            return "";
        }
        int anchor = focus < 0 ? lines.size() - 1 : focus;
        int start = Math.max(0, anchor - CONTEXT_BEFORE);
        List<String> window = capped(lines.subList(start, lines.size()));
        String all = String.join("\n", window);
        if (bytes(all) <= maxBytes) {
            return all;
        }
        int at = anchor - start;
        TreeSet<Integer> kept = new TreeSet<>();
        int budget = maxBytes - GAP_RESERVE;
        budget = keep(window, at, kept, budget, true);
        int last = window.size() - 1;
        // first a little of everything, then more of each, nearest the firing line first
        budget = keepRange(window, at - 1, at - 5, kept, budget);
        budget = keepRange(window, at + 1, Math.min(last, at + 3), kept, budget);
        budget = keepRange(window, last, Math.max(at + 1, last - 2), kept, budget);
        budget = keepRange(window, at - 6, 0, kept, budget);
        budget = keepRange(window, at + 4, Math.min(last, at + CONTEXT_AFTER), kept, budget);
        keepRange(window, last - 3, at + CONTEXT_AFTER + 1, kept, budget);
        List<String> out = new ArrayList<>();
        int previous = -1;
        for (int i : kept) {
            if (i > previous + 1) {
                out.add(String.format(GAP, i - previous - 1));
            }
            String line = window.get(i);
            out.add(i == at ? truncate(line, maxBytes - GAP_RESERVE) : line);
            previous = i;
        }
        if (previous < window.size() - 1) {
            out.add(String.format(GAP, window.size() - 1 - previous));
        }
        return truncate(String.join("\n", out), maxBytes);
    }

    /** Keeps lines from {@code from} towards {@code to} (either direction) while they fit. */
    private static int keepRange(List<String> window, int from, int to, TreeSet<Integer> kept, int budget) {
        int step = from <= to ? 1 : -1;
        for (int i = from; budget > 0 && i >= 0 && i < window.size() && (step > 0 ? i <= to : i >= to); i += step) {
            if (!kept.contains(i)) {
                budget = keep(window, i, kept, budget, false);
            }
        }
        return budget;
    }

    /** Keeps line {@code i} if it fits (the firing line always, cut if need be); returns the budget left. */
    private static int keep(List<String> window, int i, TreeSet<Integer> kept, int budget, boolean always) {
        int cost = bytes(window.get(i)) + 1;
        if (cost <= budget || always) {
            kept.add(i);
            return budget - cost;
        }
        return 0;
    }

    private static List<String> capped(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " …" : line);
        }
        return out;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character boundary. */
    static String truncate(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int end = Math.max(0, maxBytes);
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
