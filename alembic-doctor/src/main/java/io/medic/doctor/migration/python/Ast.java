package io.medic.doctor.migration.python;

import java.util.List;

/**
 * The syntax tree the {@link Parser} builds: exact for the parts a revision file's meaning depends on
 * (names, attributes, calls, literals, containers, assignments, imports, blocks), summary nodes
 * ({@link Other}) for the rest. Every node knows its 1-based line and its source range.
 */
public final class Ast {

    private Ast() {
    }

    public record Module(List<Stmt> body) {
    }

    // ---- expressions

    public sealed interface Expr permits Name, Attribute, Call, Str, Num, Const, Items, Dict, Starred, Subscript,
            Other {
        int line();

        int start();

        int end();
    }

    public record Name(String id, int line, int start, int end) implements Expr {
    }

    public record Attribute(Expr value, String attr, int line, int start, int end) implements Expr {
    }

    public record Call(Expr func, List<Arg> args, int line, int start, int end) implements Expr {
    }

    /** A call argument: {@code keyword} is null when positional; {@code star} is 1 for *x, 2 for **x. */
    public record Arg(String keyword, int star, Expr value) {
    }

    /**
     * One string literal, or several adjacent ones (implicit concatenation). {@code parts} holds the
     * start/end source offsets of each token, prefix included.
     */
    public record Str(String source, int[] parts, boolean bytes, boolean formatted, int line, int start, int end)
            implements Expr {

        /** The literal's value with escapes decoded; null for an f-string (its value is only known at run time). */
        public String value() {
            return formatted ? null : StringLiterals.decode(source, parts);
        }

        /** The first non-blank line of the value, trimmed (a docstring's summary line); null for an f-string. */
        public String firstLine() {
            return formatted ? null : StringLiterals.firstLine(source, parts);
        }
    }

    public record Num(String text, int line, int start, int end) implements Expr {
    }

    public enum Constant { NONE, TRUE, FALSE, ELLIPSIS }

    public record Const(Constant value, int line, int start, int end) implements Expr {
    }

    public enum ItemsKind { TUPLE, LIST, SET }

    /** A tuple, list or set display (not a comprehension). */
    public record Items(ItemsKind kind, List<Expr> elements, int line, int start, int end) implements Expr {
    }

    /** {@code keys} holds null for a {@code **mapping} entry. */
    public record Dict(List<Expr> keys, List<Expr> values, int line, int start, int end) implements Expr {
    }

    public record Starred(Expr value, int line, int start, int end) implements Expr {
    }

    public record Subscript(Expr value, List<Expr> index, int line, int start, int end) implements Expr {
    }

    /**
     * Any other expression (operators, comparisons, lambda, comprehensions, conditional, await, yield,
     * slices, walrus), kept only as its kind and its sub-expressions.
     */
    public record Other(String kind, List<Expr> children, int line, int start, int end) implements Expr {
    }

    // ---- statements

    public sealed interface Stmt permits ExprStmt, Assign, Import, ImportFrom, FunctionDef, ClassDef, With, Block,
            Simple {
        int line();

        int start();

        int end();
    }

    public record ExprStmt(Expr value, int line, int start, int end) implements Stmt {
    }

    /**
     * {@code a = b = value}, {@code a: T = value} (annotation set, value may be null) or {@code a += value}
     * (augmented).
     */
    public record Assign(List<Expr> targets, Expr annotation, Expr value, boolean augmented, int line, int start,
                         int end) implements Stmt {
    }

    /** {@code name} is the dotted module or imported name ("*" for a star import); {@code asName} may be null. */
    public record Alias(String name, String asName) {
    }

    public record Import(List<Alias> names, int line, int start, int end) implements Stmt {
    }

    public record ImportFrom(String module, int level, List<Alias> names, int line, int start, int end)
            implements Stmt {
    }

    public record FunctionDef(String name, boolean async, List<Stmt> body, int line, int start, int end)
            implements Stmt {
    }

    public record ClassDef(String name, List<Stmt> body, int line, int start, int end) implements Stmt {
    }

    public record WithItem(Expr context, Expr target) {
    }

    public record With(List<WithItem> items, List<Stmt> body, int line, int start, int end) implements Stmt {
    }

    /**
     * {@code if}, {@code for}, {@code while}, {@code try} or {@code match}: its header expressions
     * (conditions, loop target and iterable, exception types, subject and guards) and the bodies of all its
     * clauses.
     */
    public record Block(String keyword, List<Expr> expressions, List<List<Stmt>> bodies, int line, int start,
                        int end) implements Stmt {
    }

    /** pass, break, continue, return, raise, del, assert, global, nonlocal, type (alias). */
    public record Simple(String keyword, List<Expr> expressions, int line, int start, int end) implements Stmt {
    }
}
