package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Alias;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Const;
import io.medic.doctor.migration.python.Ast.Constant;
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
 * {@code sqlalchemy.dialects.postgresql.JSONB} and evaluates literal arguments; never runs anything.
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

    /** name -> a {@link Binding} (import), {@link #DEFINED}, {@link #VARIABLE}, or the literal {@link Expr} it holds */
    private final Map<String, Object> names = new HashMap<>();

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

    boolean isDefinedHere(String name) {
        return names.get(name) == DEFINED;
    }

    /** Records {@code name = value}: a literal value is remembered, anything else makes the name a variable. */
    void assign(String name, Expr value) {
        names.put(name, isLiteral(value, 0) ? value : VARIABLE);
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
        return false;
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

    /** The value of a (non-f, non-bytes) string literal, or null. */
    String string(Expr e) {
        e = resolve(e);
        if (e instanceof Str s && !s.bytes()) {
            return s.value();
        }
        return null;
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
