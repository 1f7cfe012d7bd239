package io.medic.doctor.migration.python;

/**
 * One token of a Python source. {@code text} is the identifier or operator for NAME and OP (operators
 * are interned, so {@code ==} works), null otherwise; {@code start}/{@code end} index the source.
 */
public record Token(Kind kind, String text, int start, int end, int line) {

    public enum Kind { NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, END }

    public boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    public boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }
}
