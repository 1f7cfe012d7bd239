package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Alias;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Const;
import io.medic.doctor.migration.python.Ast.Constant;
import io.medic.doctor.migration.python.Ast.Dict;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.Import;
import io.medic.doctor.migration.python.Ast.ImportFrom;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.Name;
import io.medic.doctor.migration.python.Ast.Num;
import io.medic.doctor.migration.python.Ast.Other;
import io.medic.doctor.migration.python.Ast.Str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the names of a revision file stand for, as far as text can tell: imports ({@code sa} is
 * {@code sqlalchemy}, {@code op} is {@code alembic.op}), functions and classes the file defines, and
 * names bound to literals ({@code TABLE = "players"}). Resolves {@code sa.dialects.postgresql.JSONB} to
 * {@code sqlalchemy.dialects.postgresql.JSONB} and evaluates literal arguments, including strings built from
 * literals (f-strings, {@code %}, {@code .format}, {@code +}; see {@link StringValue}); never runs anything.
 */
final class Scope {

    private static final String UNBOUND_PREFIX = "?.";
    private static final String LOCAL = "<local>";
    private static final Map<String, Binding> CONVENTIONS = Map.of(
            "sa", Binding.of("sqlalchemy"),
            "sqlalchemy", Binding.of("sqlalchemy"),
            "postgresql", Binding.of("sqlalchemy.dialects.postgresql"),
            "sqlmodel", Binding.of("sqlmodel"),
            "op", Binding.of("alembic.op"),
            "alembic", Binding.of("alembic"));

    /** What a name is bound to: the qualified name, its last segment, and whether it is SQLAlchemy's. */
    private record Binding(String qualified, String last, boolean sqlAlchemy) {
        static Binding of(String qualified) {
            return new Binding(qualified, qualified.substring(qualified.lastIndexOf('.') + 1),
                    within(qualified, "sqlalchemy") || within(qualified, "sqlmodel"));
        }

        private static boolean within(String qualified, String module) {
            return qualified.startsWith(module)
                    && (qualified.length() == module.length() || qualified.charAt(module.length()) == '.');
        }
    }

    /** A function or class the file defines. */
    private static final Object DEFINED = new Object();
    /** A name assigned something other than a literal. */
    private static final Object VARIABLE = new Object();

    /** A string built from literals ({@code f"ix_{TABLE}"}), already evaluated. */
    private record Text(String value) {
    }

    /**
     * name -> a {@link Binding} (import), {@link #DEFINED}, {@link #VARIABLE}, the literal {@link Expr} it holds, or
     * the {@link Text} a string expression evaluated to
     */
    private final Map<String, Object> names = new HashMap<>();
    private final Map<String, Expr> helpers = new HashMap<>();
    /** The file's text: an operator between two operands is only in the source. */
    private final String source;

    Scope(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void addImport(Import statement) {
        for (Alias a : statement.names()) {
            if (a.asName() != null) {
                bind(a.asName(), a.name());
            } else {
                int dot = a.name().indexOf('.');
                String head = dot < 0 ? a.name() : a.name().substring(0, dot);
                bind(head, head);
            }
        }
    }

    void addImport(ImportFrom statement) {
        String module = statement.level() > 0 ? ".".concat(statement.module()) : statement.module();
        for (Alias a : statement.names()) {
            if (!a.name().equals("*")) {
                bind(a.asName() != null ? a.asName() : a.name(), Concat.of(module, ".", a.name()));
            }
        }
    }

    private void bind(String name, String qualified) {
        names.put(name, Binding.of(qualified));
    }

    /** A function or class the file defines (a helper: calling it is not something the reader can see into). */
    void define(String name) {
        names.put(name, DEFINED);
    }

    /**
     * A function of the file whose body is just {@code return <expression>} (a docstring aside), e.g.
     * {@code def is_postgres(): return op.get_context().dialect.name == "postgresql"}: the expression is kept so
     * that a condition calling it can be decided.
     */
    void defineHelper(String name, Expr returned) {
        names.put(name, DEFINED);
        helpers.put(name, returned);
    }

    /** What a helper function of the file returns, when its body is only that; else null. */
    Expr helperCondition(String name) {
        return names.get(name) == DEFINED ? helpers.get(name) : null;
    }

    boolean isDefinedHere(String name) {
        return names.get(name) == DEFINED;
    }

    /** Records {@code name = value}: a literal value is remembered, anything else makes the name a variable. */
    void assign(String name, Expr value) {
        if (isLiteral(value, 0)) {
            names.put(name, value);
            return;
        }
        String text = string(value);
        names.put(name, text != null ? new Text(text) : VARIABLE);
    }

    private static boolean isLiteral(Expr e, int depth) {
        if (e instanceof Str s) {
            return !s.formatted();
        }
        if (e instanceof Num || e instanceof Const) {
            return true;
        }
        if (e instanceof Items items && depth < 2) {
            for (Expr x : items.elements()) {
                if (!isLiteral(x, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof Dict d && depth < 2) {
            for (int i = 0; i < d.keys().size(); i++) {
                if (d.keys().get(i) == null || !isLiteral(d.keys().get(i), depth + 1)
                        || !isLiteral(d.values().get(i), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether a name is bound to a literal or an evaluated string in the file. */
    boolean isLiteralName(String id) {
        Object v = names.get(id);
        return v instanceof Expr || v instanceof Text;
    }

    /** What a bare name stands for in the file, else by convention ({@code sa}, {@code op}); null if unbound. */
    private Object lookup(String id) {
        Object v = names.get(id);
        return v != null ? v : CONVENTIONS.get(id);
    }

    /** The import a bare name is bound to (or by convention), or null. */
    private Binding binding(String id) {
        return lookup(id) instanceof Binding b ? b : null;
    }

    /**
     * The dotted, import-resolved name of a {@code Name} or {@code a.b.c} chain, e.g.
     * {@code sqlalchemy.dialects.postgresql.UUID}, {@code alembic.op}; null for any other expression or
     * a name bound to a value. A bare name that nothing binds comes out as {@code ?.Name}.
     */
    String qualify(Expr e) {
        List<String> parts = new ArrayList<>(4);
        Expr cur = e;
        while (cur instanceof Attribute a) {
            parts.add(a.attr());
            cur = a.value();
        }
        if (!(cur instanceof Name head)) {
            return null;
        }
        String id = head.id();
        Object v = lookup(id);
        String base;
        if (v == DEFINED) {
            base = Concat.of(LOCAL, ".", id);
        } else if (v == null) {
            base = UNBOUND_PREFIX.concat(id);
        } else if (v instanceof Binding b) {
            base = b.qualified();
        } else {
            return null;
        }
        StringBuilder out = new StringBuilder(base);
        for (int i = parts.size() - 1; i >= 0; i--) {
            out.append('.').append(parts.get(i));
        }
        return out.toString();
    }

    /** Whether {@code e} is a plain dotted name ({@code a}, {@code a.b.c}), not an expression like {@code f().x}. */
    static boolean isDottedName(Expr e) {
        Expr cur = e;
        while (cur instanceof Attribute a) {
            cur = a.value();
        }
        return cur instanceof Name;
    }

    /**
     * The SQLAlchemy (or SQLModel) name an expression refers to, e.g. "Column" for {@code sa.Column},
     * {@code sqlalchemy.schema.Column} or an imported or unbound {@code Column}; null otherwise.
     * Allocation-free: it runs for every call argument of every operation.
     */
    String sqlAlchemyName(Expr e) {
        String last = e instanceof Attribute a ? a.attr() : null;
        Expr cur = e;
        while (cur instanceof Attribute a) {
            cur = a.value();
        }
        if (!(cur instanceof Name head)) {
            return null;
        }
        Object v = lookup(head.id());
        if (v == null) {
            return last != null ? last : head.id();
        }
        if (!(v instanceof Binding b) || !b.sqlAlchemy()) {
            return null;
        }
        return last != null ? last : b.last();
    }

    /** The last segment of what a dotted name refers to ({@code orm.Session} and an imported {@code Session} are both "Session"). */
    String lastName(Expr e) {
        if (e instanceof Attribute a) {
            return isDottedName(a) ? a.attr() : null;
        }
        if (e instanceof Name n) {
            Binding b = binding(n.id());
            return b != null ? b.last() : n.id();
        }
        return null;
    }

    /** {@code op}, an alias of alembic.op, or {@code alembic.op}. */
    boolean isAlembicOp(Expr e) {
        if (e instanceof Name n) {
            Binding b = binding(n.id());
            return b != null && b.qualified().equals("alembic.op");
        }
        if (e instanceof Attribute a && a.attr().equals("op") && a.value() instanceof Name n) {
            Binding b = binding(n.id());
            return b != null && b.qualified().equals("alembic");
        }
        return false;
    }

    // ---- literal values (through names bound to literals)

    private Expr resolve(Expr e) {
        for (int hops = 0; hops < 8 && e instanceof Name n && names.get(n.id()) instanceof Expr value; hops++) {
            e = value;
        }
        return e;
    }

    /**
     * The value of a string expression made of literals and names bound to them: a (non-bytes) string literal,
     * an f-string, {@code %}, {@code .format} or {@code +}; null for anything else.
     */
    String string(Expr e) {
        return StringValue.of(e, this, 0);
    }

    /** What a name was evaluated to when it is bound to a string expression, or null. */
    String text(Expr e) {
        Expr cur = e;
        for (int hops = 0; hops < 8 && cur instanceof Name n; hops++) {
            Object v = names.get(n.id());
            if (v instanceof Text t) {
                return t.value();
            }
            if (!(v instanceof Expr next)) {
                return null;
            }
            cur = next;
        }
        return null;
    }

    /** {@link #resolve} for {@link StringValue}. */
    Expr literal(Expr e) {
        return resolve(e);
    }

    /** The entries of a dict literal with literal keys (in source order), as key/value pairs, or null. */
    List<Expr[]> dictEntries(Expr e) {
        e = resolve(e);
        if (!(e instanceof Dict d)) {
            return null;
        }
        List<Expr[]> out = new ArrayList<>(d.keys().size());
        for (int i = 0; i < d.keys().size(); i++) {
            if (d.keys().get(i) == null) {
                return null;
            }
            out.add(new Expr[] {d.keys().get(i), d.values().get(i)});
        }
        return out;
    }

    /** An integer literal (with an optional minus), or null. */
    Integer integer(Expr e) {
        e = resolve(e);
        boolean negative = false;
        if (e instanceof Other o && o.kind().equals("unary operation") && o.children().size() == 1) {
            negative = true;
            e = resolve(o.children().get(0));
        }
        if (!(e instanceof Num n)) {
            return null;
        }
        String text = n.text().replace("_", "");
        try {
            int value;
            if (text.length() > 2 && text.charAt(0) == '0' && Character.isLetter(text.charAt(1))) {
                int radix = switch (Character.toLowerCase(text.charAt(1))) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    default -> 2;
                };
                value = Integer.parseInt(text.substring(2), radix);
            } else {
                value = Integer.parseInt(text);
            }
            return negative ? -value : value;
        } catch (NumberFormatException notAnInteger) {
            return null;
        }
    }

    boolean isNone(Expr e) {
        return resolve(e) instanceof Const c && c.value() == Constant.NONE;
    }

    /** True/False, or null for anything else (None included). */
    Boolean bool(Expr e) {
        e = resolve(e);
        if (e instanceof Const c) {
            if (c.value() == Constant.TRUE) {
                return Boolean.TRUE;
            }
            if (c.value() == Constant.FALSE) {
                return Boolean.FALSE;
            }
        }
        if (e instanceof Num n) {
            Integer i = integer(n);
            return i == null ? null : i != 0;
        }
        return null;
    }

    /** The elements of a tuple/list/set literal, or null if {@code e} is not one. */
    List<Expr> items(Expr e) {
        e = resolve(e);
        return e instanceof Items items ? items.elements() : null;
    }
}
