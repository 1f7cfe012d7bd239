package io.medic.doctor.migration.python;


import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 tokenizer (as CPython's: INDENT/DEDENT with tabs to multiples of 8 and the same tab/space
 * consistency check, implicit joining inside brackets, backslash continuation). Every string form is one
 * STRING token, f-strings included (PEP 701 nesting: a quote inside a replacement field starts a nested
 * string). Single pass, no regular expressions, no recursion; nesting is bounded as in CPython.
 */
public final class Tokenizer {

    /** CPython's MAXLEVEL: "too many nested parentheses". */
    public static final int MAX_BRACKET_DEPTH = 200;
    /** CPython's MAXINDENT: "too many levels of indentation". */
    public static final int MAX_INDENT_DEPTH = 100;
    private static final int MAX_FSTRING_DEPTH = 150;
    private static final int TAB_SIZE = 8;

    private final String src;
    /** The source as an array: indexing it is far cheaper than String.charAt before the JIT has run. */
    private final char[] buf;
    private final int n;
    private final TokenBuffer out;
    private int pos;
    private int line = 1;
    private int tokensOnLine;

    private final char[] brackets;
    private final int[] bracketLines;
    private int depth;

    private final int[] indents;
    private final int[] altIndents;
    private int indentTop;

    private Tokenizer(String source, TokenBuffer out) {
        this.src = source;
        this.n = source.length();
        this.out = out;
        this.buf = out.chars(source);
        this.brackets = out.brackets;
        this.bracketLines = out.bracketLines;
        this.indents = out.indents;
        this.altIndents = out.altIndents;
    }

    /** The tokens of {@code source}, as objects (for inspection and tests; the parser reads a buffer). */
    public static List<Token> tokenize(String source) {
        TokenBuffer b = scan(source);
        try {
            List<Token> tokens = new ArrayList<>(b.count);
            Token.Kind[] kinds = Token.Kind.values();
            for (int i = 0; i < b.count; i++) {
                tokens.add(new Token(kinds[b.kinds[i]], b.texts[i], b.starts[i], b.ends[i], b.lines[i]));
            }
            return tokens;
        } finally {
            b.release();
        }
    }

    /**
     * Tokenizes into this thread's buffer; the caller must {@link TokenBuffer#release()} it.
     *
     * @throws PythonSyntaxError with the line CPython would report (the buffer is then already released)
     */
    static TokenBuffer scan(String source) {
        TokenBuffer b = TokenBuffer.acquire();
        try {
            new Tokenizer(source, b).run();
            return b;
        } catch (RuntimeException e) {
            b.release();
            throw e;
        }
    }

    private void run() {
        int nul = src.indexOf('\0');
        if (nul >= 0) {
            throw new PythonSyntaxError(lineAt(nul), "source code cannot contain null bytes");
        }
        if (n > 0 && buf[0] == '\uFEFF') {
            pos = 1;
        }
        boolean lineStart = true;
        while (true) {
            if (lineStart) {
                lineStart = false;
                if (!indentation()) {
                    lineStart = true;
                    if (pos >= n) {
                        break;
                    }
                    continue;
                }
            }
            while (pos < n) {
                char c = buf[pos];
                if (c == ' ' || c == '\t' || c == '\f') {
                    pos++;
                } else {
                    break;
                }
            }
            if (pos >= n) {
                break;
            }
            char c = buf[pos];
            if (c == '\n' || c == '\r') {
                int at = pos;
                pos += (c == '\r' && pos + 1 < n && buf[pos + 1] == '\n') ? 2 : 1;
                if (depth == 0) {
                    if (tokensOnLine > 0) {
                        add(TokenBuffer.NEWLINE, null, at, at, line);
                        tokensOnLine = 0;
                    }
                    lineStart = true;
                }
                line++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\') {
                continuation();
            } else if (isIdentifierStart(c)) {
                identifierOrString();
            } else if (c >= '0' && c <= '9' || c == '.' && pos + 1 < n && isDigit(buf[pos + 1])) {
                number();
            } else if (c == '\'' || c == '"') {
                string(pos, false, false);
            } else {
                operator(c);
            }
        }
        if (depth > 0) {
            throw new PythonSyntaxError(bracketLines[depth - 1], "'" + brackets[depth - 1] + "' was never closed");
        }
        if (tokensOnLine > 0) {
            add(TokenBuffer.NEWLINE, null, n, n, line);
        }
        while (indentTop > 0) {
            indentTop--;
            add(TokenBuffer.DEDENT, null, n, n, line);
        }
        add(TokenBuffer.END, null, n, n, line);
    }

    /**
     * Measures the indentation of a new logical line and emits INDENT/DEDENT. Returns false for a blank
     * or comment-only line (consumed, no tokens) or at the end of input.
     */
    private boolean indentation() {
        int col = 0;
        int alt = 0;
        while (pos < n) {
            char c = buf[pos];
            if (c == ' ') {
                col++;
                alt++;
            } else if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                alt++;
            } else if (c == '\f') {
                col = 0;
                alt = 0;
            } else {
                break;
            }
            pos++;
        }
        if (pos >= n) {
            return false;
        }
        char c = buf[pos];
        if (c == '#' || c == '\n' || c == '\r') {
            if (c == '#') {
                skipComment();
            }
            if (pos < n) {
                pos += (buf[pos] == '\r' && pos + 1 < n && buf[pos + 1] == '\n') ? 2 : 1;
                line++;
            }
            return false;
        }
        int top = indents[indentTop];
        if (col == top) {
            if (alt != altIndents[indentTop]) {
                throw tabError();
            }
        } else if (col > top) {
            if (indentTop + 1 >= MAX_INDENT_DEPTH) {
                throw new PythonSyntaxError(line, "too many levels of indentation");
            }
            if (alt <= altIndents[indentTop]) {
                throw tabError();
            }
            indentTop++;
            indents[indentTop] = col;
            altIndents[indentTop] = alt;
            add(TokenBuffer.INDENT, null, pos, pos, line);
        } else {
            while (indentTop > 0 && col < indents[indentTop]) {
                indentTop--;
                add(TokenBuffer.DEDENT, null, pos, pos, line);
            }
            if (col != indents[indentTop]) {
                throw new PythonSyntaxError(line, "unindent does not match any outer indentation level");
            }
            if (alt != altIndents[indentTop]) {
                throw tabError();
            }
        }
        return true;
    }

    private PythonSyntaxError tabError() {
        return new PythonSyntaxError(line, "inconsistent use of tabs and spaces in indentation");
    }

    private void skipComment() {
        while (pos < n) {
            char c = buf[pos];
            if (c == '\n' || c == '\r') {
                return;
            }
            pos++;
        }
    }

    private void continuation() {
        if (pos + 1 >= n) {
            throw new PythonSyntaxError(line, "unexpected EOF while parsing");
        }
        char d = buf[pos + 1];
        if (d == '\n') {
            pos += 2;
        } else if (d == '\r') {
            pos += (pos + 2 < n && buf[pos + 2] == '\n') ? 3 : 2;
        } else {
            throw new PythonSyntaxError(line, "unexpected character after line continuation character");
        }
        line++;
        if (pos >= n) {
            throw new PythonSyntaxError(line - 1, "unexpected EOF while parsing");
        }
    }

    private void identifierOrString() {
        int start = pos;
        pos = identifierEnd(pos);
        if (pos < n && (buf[pos] == '\'' || buf[pos] == '"')) {
            int flags = prefixFlags(start, pos);
            if (flags >= 0) {
                string(start, (flags & RAW) != 0, (flags & FORMAT) != 0);
                return;
            }
        }
        add(TokenBuffer.NAME, out.names.get(buf, start, pos), start, pos, line);
    }

    private int identifierEnd(int i) {
        while (i < n) {
            char c = buf[i];
            if (c < 128) {
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
                    i++;
                    continue;
                }
                return i;
            }
            int cp = Character.codePointAt(buf, i, n);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private boolean isIdentifierStart(char c) {
        if (c < 128) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }
        return Character.isUnicodeIdentifierStart(Character.codePointAt(buf, pos, n));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final int RAW = 1;
    private static final int FORMAT = 2;

    /** Flags of a valid string prefix (r, u, b, f, t, and the two-letter mixes), or -1. */
    private int prefixFlags(int start, int end) {
        int len = end - start;
        if (len < 1 || len > 2) {
            return -1;
        }
        int flags = 0;
        boolean u = false;
        boolean b = false;
        for (int i = start; i < end; i++) {
            switch (Character.toLowerCase(buf[i])) {
                case 'r' -> {
                    if ((flags & RAW) != 0) {
                        return -1;
                    }
                    flags |= RAW;
                }
                case 'f', 't' -> {
                    if ((flags & FORMAT) != 0 || b) {
                        return -1;
                    }
                    flags |= FORMAT;
                }
                case 'b' -> {
                    if (b || (flags & FORMAT) != 0) {
                        return -1;
                    }
                    b = true;
                }
                case 'u' -> u = true;
                default -> {
                    return -1;
                }
            }
        }
        if (u && len != 1) {
            return -1;
        }
        return flags;
    }

    private void number() {
        int start = pos;
        char c = buf[pos];
        if (c == '0' && pos + 1 < n && "xXoObB".indexOf(buf[pos + 1]) >= 0) {
            pos += 2;
            while (pos < n && (isHexOrUnderscore(buf[pos]))) {
                pos++;
            }
        } else {
            digits();
            if (pos < n && buf[pos] == '.') {
                pos++;
                digits();
            }
            if (pos < n && (buf[pos] == 'e' || buf[pos] == 'E')) {
                int e = pos + 1;
                if (e < n && (buf[e] == '+' || buf[e] == '-')) {
                    e++;
                }
                if (e < n && isDigit(buf[e])) {
                    pos = e;
                    digits();
                }
            }
            if (pos < n && (buf[pos] == 'j' || buf[pos] == 'J')) {
                pos++;
            }
        }
        add(TokenBuffer.NUMBER, null, start, pos, line);
    }

    private static boolean isHexOrUnderscore(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '_';
    }

    private void digits() {
        while (pos < n && (isDigit(buf[pos]) || buf[pos] == '_')) {
            pos++;
        }
    }

    /** A string token from {@code start} (its prefix) whose opening quote is at {@code pos}. */
    private void string(int start, boolean raw, boolean format) {
        int startLine = line;
        char q = buf[pos];
        boolean triple = pos + 2 < n && buf[pos + 1] == q && buf[pos + 2] == q;
        if (format) {
            pos = fstringEnd(pos, q, triple, raw, startLine);
        } else {
            pos = plainStringEnd(pos + (triple ? 3 : 1), q, triple, startLine);
        }
        add(TokenBuffer.STRING, null, start, pos, startLine);
    }

    /** Index after the closing quote of a non-f string whose body starts at {@code i}. */
    private int plainStringEnd(int i, char q, boolean triple, int startLine) {
        while (true) {
            if (i >= n) {
                throw unterminated(startLine, triple, false);
            }
            char ch = buf[i];
            if (ch == '\\') {
                i = afterEscape(i);
            } else if (ch == '\n' || ch == '\r') {
                if (!triple) {
                    throw unterminated(startLine, false, false);
                }
                i = afterNewline(i);
            } else if (ch == q) {
                if (!triple) {
                    return i + 1;
                }
                if (i + 2 < n && buf[i + 1] == q && buf[i + 2] == q) {
                    return i + 3;
                }
                i++;
            } else {
                i++;
            }
        }
    }

    /** After a backslash at {@code i} and the character it escapes (a line break counts as one). */
    private int afterEscape(int i) {
        if (i + 1 >= n) {
            return i + 1;
        }
        char d = buf[i + 1];
        if (d == '\n' || d == '\r') {
            return afterNewline(i + 1);
        }
        return i + 2;
    }

    private int afterNewline(int i) {
        line++;
        if (buf[i] == '\r' && i + 1 < n && buf[i + 1] == '\n') {
            return i + 2;
        }
        return i + 1;
    }

    private PythonSyntaxError unterminated(int startLine, boolean triple, boolean format) {
        String what = (triple ? "unterminated triple-quoted " : "unterminated ") + (format ? "f-string" : "string")
                + " literal (detected at line " + line + ")";
        return new PythonSyntaxError(startLine, what);
    }

    // f-string scanning: an explicit stack of frames, so nesting costs no Java stack.
    private static final byte LITERAL = 0;
    private static final byte FIELD = 1;
    private static final byte SPEC = 2;

    /** Index after the closing quote of the f-string whose opening quote is at {@code open}. */
    private int fstringEnd(int open, char quote, boolean isTriple, boolean isRaw, int startLine) {
        byte[] kind = new byte[8];
        char[] quotes = new char[8];
        boolean[] triples = new boolean[8];
        boolean[] raws = new boolean[8];
        int[] nesting = new int[8];
        int sp = 0;
        kind[0] = LITERAL;
        quotes[0] = quote;
        triples[0] = isTriple;
        raws[0] = isRaw;
        sp = 1;
        int i = open + (isTriple ? 3 : 1);
        while (true) {
            if (i >= n) {
                throw unterminated(startLine, triples[0], true);
            }
            char ch = buf[i];
            int top = sp - 1;
            char q = quotes[top];
            boolean triple = triples[top];
            if (kind[top] != FIELD) {
                if (ch == '\\') {
                    char d = i + 1 < n ? buf[i + 1] : ' ';
                    if (d == '{' || d == '}') {
                        i++;
                    } else if (!raws[top] && d == 'N' && i + 2 < n && buf[i + 2] == '{') {
                        int close = i + 3;
                        while (close < n && buf[close] != '}' && buf[close] != q
                                && buf[close] != '\n') {
                            close++;
                        }
                        i = close < n && buf[close] == '}' ? close + 1 : close;
                    } else {
                        i = afterEscape(i);
                    }
                } else if (ch == '\n' || ch == '\r') {
                    if (!triple) {
                        throw unterminated(startLine, false, true);
                    }
                    i = afterNewline(i);
                } else if (ch == q && (!triple || i + 2 < n && buf[i + 1] == q && buf[i + 2] == q)) {
                    if (kind[top] == SPEC) {
                        throw new PythonSyntaxError(line, "f-string: expecting '}'");
                    }
                    i += triple ? 3 : 1;
                    sp--;
                    if (sp == 0) {
                        return i;
                    }
                } else if (ch == '{') {
                    if (kind[top] == LITERAL && i + 1 < n && buf[i + 1] == '{') {
                        i += 2;
                    } else {
                        if (kind[top] == SPEC && top >= 1 && kind[top - 1] == SPEC) {
                            // a field in a format spec that is itself in a format spec: CPython refuses
                            throw new PythonSyntaxError(line, "f-string: expressions nested too deeply");
                        }
                        checkFStringDepth(sp);
                        kind = grow(kind, sp);
                        quotes = grow(quotes, sp);
                        triples = grow(triples, sp);
                        raws = grow(raws, sp);
                        nesting = grow(nesting, sp);
                        kind[sp] = FIELD;
                        quotes[sp] = q;
                        triples[sp] = triple;
                        raws[sp] = raws[top];
                        nesting[sp] = 0;
                        sp++;
                        i++;
                    }
                } else if (ch == '}') {
                    if (kind[top] == SPEC) {
                        sp--;
                        i++;
                    } else if (i + 1 < n && buf[i + 1] == '}') {
                        i += 2;
                    } else {
                        throw new PythonSyntaxError(line, "f-string: single '}' is not allowed");
                    }
                } else {
                    i++;
                }
                continue;
            }
            // inside a replacement field: Python expression text
            if (ch == '\'' || ch == '"' || isIdentifierStartAt(i)) {
                int s = i;
                int flags = 0;
                if (ch != '\'' && ch != '"') {
                    i = identifierEnd(i);
                    if (i >= n || buf[i] != '\'' && buf[i] != '"') {
                        continue;
                    }
                    flags = prefixFlags(s, i);
                    if (flags < 0) {
                        continue;
                    }
                }
                char nq = buf[i];
                boolean nTriple = i + 2 < n && buf[i + 1] == nq && buf[i + 2] == nq;
                if ((flags & FORMAT) != 0) {
                    checkFStringDepth(sp);
                    kind = grow(kind, sp);
                    quotes = grow(quotes, sp);
                    triples = grow(triples, sp);
                    raws = grow(raws, sp);
                    nesting = grow(nesting, sp);
                    kind[sp] = LITERAL;
                    quotes[sp] = nq;
                    triples[sp] = nTriple;
                    raws[sp] = (flags & RAW) != 0;
                    sp++;
                    i += nTriple ? 3 : 1;
                } else {
                    i = plainStringEnd(i + (nTriple ? 3 : 1), nq, nTriple, line);
                }
            } else if (ch == '(' || ch == '[' || ch == '{') {
                nesting[top]++;
                i++;
            } else if (ch == ')' || ch == ']') {
                if (nesting[top] == 0) {
                    throw new PythonSyntaxError(line, "f-string: unmatched '" + ch + "'");
                }
                nesting[top]--;
                i++;
            } else if (ch == '}') {
                if (nesting[top] > 0) {
                    nesting[top]--;
                } else {
                    sp--;
                }
                i++;
            } else if (ch == ':' && nesting[top] == 0) {
                kind[top] = SPEC;
                i++;
            } else if (ch == '\n' || ch == '\r') {
                i = afterNewline(i);
            } else {
                i++;
            }
        }
    }

    private boolean isIdentifierStartAt(int i) {
        char c = buf[i];
        if (c < 128) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }
        return Character.isUnicodeIdentifierStart(Character.codePointAt(buf, i, n));
    }

    private void checkFStringDepth(int sp) {
        if (sp >= MAX_FSTRING_DEPTH) {
            throw new PythonSyntaxError(line, "f-string: too many nested expressions");
        }
    }

    private static byte[] grow(byte[] a, int sp) {
        return sp < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }

    private static char[] grow(char[] a, int sp) {
        return sp < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }

    private static boolean[] grow(boolean[] a, int sp) {
        return sp < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }

    private static int[] grow(int[] a, int sp) {
        return sp < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }

    private void operator(char c) {
        int start = pos;
        String op = operatorAt(c);
        if (op == null) {
            if (c == '!') {
                throw new PythonSyntaxError(line, "invalid syntax");
            }
            int cp = Character.codePointAt(buf, pos, n);
            throw new PythonSyntaxError(line, "invalid character '" + new String(Character.toChars(cp)) + "' (U+"
                    + String.format("%04X", cp) + ")");
        }
        pos += op.length();
        switch (c) {
            case '(', '[', '{' -> {
                if (depth >= MAX_BRACKET_DEPTH) {
                    throw new PythonSyntaxError(line, "too many nested parentheses");
                }
                brackets[depth] = c;
                bracketLines[depth] = line;
                depth++;
            }
            case ')', ']', '}' -> {
                if (depth == 0) {
                    throw new PythonSyntaxError(line, "unmatched '" + c + "'");
                }
                char opening = brackets[--depth];
                if (opening != matching(c)) {
                    String where = bracketLines[depth] != line ? " on line " + bracketLines[depth] : "";
                    throw new PythonSyntaxError(line, "closing parenthesis '" + c
                            + "' does not match opening parenthesis '" + opening + "'" + where);
                }
            }
            default -> {
            }
        }
        add(TokenBuffer.OP, op, start, pos, line);
    }

    private static char matching(char close) {
        return close == ')' ? '(' : close == ']' ? '[' : '{';
    }

    /** The longest operator at {@code pos}, interned, or null for a character Python rejects. */
    private String operatorAt(char c) {
        char d = pos + 1 < n ? buf[pos + 1] : '\0';
        char e = pos + 2 < n ? buf[pos + 2] : '\0';
        switch (c) {
            case '(': return "(";
            case ')': return ")";
            case '[': return "[";
            case ']': return "]";
            case '{': return "{";
            case '}': return "}";
            case ',': return ",";
            case ';': return ";";
            case '~': return "~";
            case ':': return d == '=' ? ":=" : ":";
            case '.': return d == '.' && e == '.' ? "..." : ".";
            case '=': return d == '=' ? "==" : "=";
            case '!': return d == '=' ? "!=" : null;
            case '+': return d == '=' ? "+=" : "+";
            case '%': return d == '=' ? "%=" : "%";
            case '@': return d == '=' ? "@=" : "@";
            case '&': return d == '=' ? "&=" : "&";
            case '|': return d == '=' ? "|=" : "|";
            case '^': return d == '=' ? "^=" : "^";
            case '-': return d == '=' ? "-=" : d == '>' ? "->" : "-";
            case '*':
                if (d == '*') {
                    return e == '=' ? "**=" : "**";
                }
                return d == '=' ? "*=" : "*";
            case '/':
                if (d == '/') {
                    return e == '=' ? "//=" : "//";
                }
                return d == '=' ? "/=" : "/";
            case '<':
                if (d == '<') {
                    return e == '=' ? "<<=" : "<<";
                }
                return d == '=' ? "<=" : "<";
            case '>':
                if (d == '>') {
                    return e == '=' ? ">>=" : ">>";
                }
                return d == '=' ? ">=" : ">";
            default:
                return null;
        }
    }

    private void add(byte kind, String text, int start, int end, int tokenLine) {
        out.add(kind, text, start, end, tokenLine);
        if (kind != TokenBuffer.NEWLINE && kind != TokenBuffer.INDENT && kind != TokenBuffer.DEDENT) {
            tokensOnLine++;
        }
    }

    private int lineAt(int index) {
        int l = 1;
        for (int i = 0; i < index; i++) {
            char c = buf[i];
            if (c == '\n' || c == '\r' && (i + 1 >= n || buf[i + 1] != '\n')) {
                l++;
            }
        }
        return l;
    }
}
