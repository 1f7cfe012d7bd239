package io.medic.doctor.migration.python;

import java.util.Arrays;

/**
 * The tokens of one source as parallel arrays (no object per token), reused from file to file by the
 * thread that owns it: a cold JVM pays dearly for every fresh page of heap it touches.
 */
final class TokenBuffer {

    static final byte NAME = 0;
    static final byte NUMBER = 1;
    static final byte STRING = 2;
    static final byte OP = 3;
    static final byte NEWLINE = 4;
    static final byte INDENT = 5;
    static final byte DEDENT = 6;
    static final byte END = 7;

    /** Buffers bigger than this (a huge file) are dropped after use rather than kept by the thread. */
    private static final int RETAINED_TOKENS = 1 << 16;
    private static final ThreadLocal<TokenBuffer> CACHE = new ThreadLocal<>();

    byte[] kinds = new byte[1024];
    int[] starts = new int[1024];
    int[] ends = new int[1024];
    int[] lines = new int[1024];
    /** Identifier or operator text (interned per thread); null for other kinds. */
    String[] texts = new String[1024];
    int count;
    /** The source as an array: indexing it is far cheaper than String.charAt before the JIT has run. */
    char[] chars = new char[4096];
    final Names names = new Names();
    // the tokenizer's stacks; index 0 of the indentation stacks is always 0 (never written)
    final char[] brackets = new char[Tokenizer.MAX_BRACKET_DEPTH];
    final int[] bracketLines = new int[Tokenizer.MAX_BRACKET_DEPTH];
    final int[] indents = new int[Tokenizer.MAX_INDENT_DEPTH + 1];
    final int[] altIndents = new int[Tokenizer.MAX_INDENT_DEPTH + 1];
    private boolean inUse;

    /** This thread's buffer, or a fresh one if it is already in use (re-entrant parsing). */
    static TokenBuffer acquire() {
        TokenBuffer b = CACHE.get();
        if (b == null || b.inUse) {
            b = new TokenBuffer();
            if (CACHE.get() == null) {
                CACHE.set(b);
            }
        }
        b.inUse = true;
        b.count = 0;
        return b;
    }

    void release() {
        inUse = false;
        if (kinds.length > RETAINED_TOKENS && CACHE.get() == this) {
            CACHE.remove();
        }
        Arrays.fill(texts, 0, Math.min(count, texts.length), null);
        count = 0;
    }

    void add(byte kind, String text, int start, int end, int line) {
        if (count == kinds.length) {
            int size = count * 2;
            kinds = Arrays.copyOf(kinds, size);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            lines = Arrays.copyOf(lines, size);
            texts = Arrays.copyOf(texts, size);
        }
        kinds[count] = kind;
        texts[count] = text;
        starts[count] = start;
        ends[count] = end;
        lines[count] = line;
        count++;
    }

    char[] chars(String source) {
        int n = source.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        } else if (chars.length > (1 << 20) && n < (1 << 16)) {
            // after a huge file, do not keep megabytes for small ones
            chars = new char[Math.max(n, 4096)];
        }
        source.getChars(0, n, chars, 0);
        return chars;
    }

    /** Identifier strings shared across the files a thread reads: most names recur in every file. */
    static final class Names {
        private static final int CAPACITY = 4096;
        private final String[] table = new String[CAPACITY];
        private int size;

        String get(char[] buf, int start, int end) {
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + buf[i];
            }
            int mask = CAPACITY - 1;
            int slot = (h ^ (h >>> 16)) & mask;
            for (int probe = 0; probe < 8; probe++) {
                String s = table[slot];
                if (s == null) {
                    if (size >= CAPACITY / 2) {
                        return new String(buf, start, end - start);
                    }
                    s = new String(buf, start, end - start);
                    table[slot] = s;
                    size++;
                    return s;
                }
                if (matches(s, buf, start, end)) {
                    return s;
                }
                slot = (slot + 1) & mask;
            }
            return new String(buf, start, end - start);
        }

        private static boolean matches(String s, char[] buf, int start, int end) {
            int len = end - start;
            if (s.length() != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) != buf[start + i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
