package io.medic.doctor.migration.python;

/**
 * A Python source the tokenizer or parser refuses, with the 1-based line CPython would blame. Unchecked
 * and without a stack trace: it is an expected outcome (the parser also uses it to back out of a
 * soft-keyword guess), not a bug.
 */
public final class PythonSyntaxError extends RuntimeException {

    private final int line;

    public PythonSyntaxError(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
