package io.medic.doctor.migration.python;

/** Decodes Python string literal tokens (prefix, quotes, escapes) into their value. */
final class StringLiterals {

    private StringLiterals() {
    }

    /** The concatenated value of the (non-f) string tokens at {@code parts} (start/end pairs). */
    static String decode(String src, int[] parts) {
        if (parts.length == 2) {
            int[] body = body(src, parts[0], parts[1]);
            if (body[2] == 1 || !hasBackslash(src, body[0], body[1])) {
                return src.substring(body[0], body[1]);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < parts.length; k += 2) {
            int i = parts[k];
            int end = parts[k + 1];
            boolean raw = false;
            boolean bytes = false;
            char c;
            while ((c = src.charAt(i)) != '\'' && c != '"') {
                char lower = Character.toLowerCase(c);
                raw |= lower == 'r';
                bytes |= lower == 'b';
                i++;
            }
            boolean triple = end - i >= 6 && src.charAt(i + 1) == c && src.charAt(i + 2) == c;
            int quote = triple ? 3 : 1;
            int from = i + quote;
            int to = end - quote;
            if (raw) {
                out.append(src, from, to);
            } else {
                unescape(src, from, to, bytes, out);
            }
        }
        return out.toString();
    }

    private static boolean hasBackslash(String src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.charAt(i) == '\\') {
                return true;
            }
        }
        return false;
    }

    /** {bodyStart, bodyEnd, raw ? 1 : 0} of the string token at [start, end). */
    static int[] body(String src, int start, int end) {
        int i = start;
        int raw = 0;
        char c;
        while ((c = src.charAt(i)) != '\'' && c != '"') {
            if (c == 'r' || c == 'R') {
                raw = 1;
            }
            i++;
        }
        boolean triple = end - i >= 6 && src.charAt(i + 1) == c && src.charAt(i + 2) == c;
        int quote = triple ? 3 : 1;
        return new int[] {i + quote, end - quote, raw};
    }

    /**
     * The first non-blank line of a docstring, trimmed, without decoding the rest of it (docstrings can
     * be long; only their first line is Alembic's message).
     */
    static String firstLine(String src, int[] parts) {
        if (parts.length == 2) {
            int[] body = body(src, parts[0], parts[1]);
            int from = body[0];
            int to = body[1];
            while (from < to && Character.isWhitespace(src.charAt(from))) {
                from++;
            }
            int end = from;
            while (end < to && src.charAt(end) != '\n' && src.charAt(end) != '\r') {
                end++;
            }
            if (body[2] == 1 || !hasBackslash(src, from, end)) {
                while (end > from && Character.isWhitespace(src.charAt(end - 1))) {
                    end--;
                }
                return src.substring(from, end);
            }
        }
        String doc = decode(src, parts).strip();
        int newline = doc.indexOf('\n');
        return (newline < 0 ? doc : doc.substring(0, newline)).strip();
    }

    private static void unescape(String s, int from, int to, boolean bytes, StringBuilder out) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                out.append(c);
                i++;
                continue;
            }
            char d = s.charAt(i + 1);
            i += 2;
            switch (d) {
                case '\n' -> {
                }
                case '\r' -> {
                    if (i < to && s.charAt(i) == '\n') {
                        i++;
                    }
                }
                case '\\', '\'', '"' -> out.append(d);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000B');
                case 'x' -> i = hex(s, i, to, 2, out, "\\x");
                case 'u' -> i = bytes ? literal(out, "\\u", i) : hex(s, i, to, 4, out, "\\u");
                case 'U' -> i = bytes ? literal(out, "\\U", i) : hex(s, i, to, 8, out, "\\U");
                case 'N' -> i = bytes ? literal(out, "\\N", i) : named(s, i, to, out);
                default -> {
                    if (d >= '0' && d <= '7') {
                        int value = d - '0';
                        int digits = 1;
                        while (digits < 3 && i < to && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                            value = value * 8 + s.charAt(i) - '0';
                            i++;
                            digits++;
                        }
                        out.appendCodePoint(value);
                    } else {
                        out.append('\\').append(d);
                    }
                }
            }
        }
    }

    private static int literal(StringBuilder out, String text, int i) {
        out.append(text);
        return i;
    }

    /** {@code count} hex digits at {@code i}; an invalid escape is kept as written. */
    private static int hex(String s, int i, int to, int count, StringBuilder out, String escape) {
        if (i + count > to) {
            out.append(escape);
            return i;
        }
        int value = 0;
        for (int k = 0; k < count; k++) {
            int digit = Character.digit(s.charAt(i + k), 16);
            if (digit < 0) {
                out.append(escape);
                return i;
            }
            value = value * 16 + digit;
        }
        if (!Character.isValidCodePoint(value)) {
            out.append(escape);
            return i;
        }
        out.appendCodePoint(value);
        return i + count;
    }

    private static int named(String s, int i, int to, StringBuilder out) {
        int close = i < to && s.charAt(i) == '{' ? s.indexOf('}', i) : -1;
        if (close < 0 || close >= to) {
            out.append("\\N");
            return i;
        }
        try {
            out.appendCodePoint(Character.codePointOf(s.substring(i + 1, close)));
        } catch (IllegalArgumentException unknownName) {
            out.append(s, i - 2, close + 1);
        }
        return close + 1;
    }
}
