package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.Const;
import io.medic.doctor.migration.python.Ast.Constant;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.Name;
import io.medic.doctor.migration.python.Ast.Other;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides an {@code if} condition that tests which database the migration runs on, for PostgreSQL (the only
 * database Medic diagnoses): {@code op.get_bind().dialect.name == "postgresql"}, {@code !=}, {@code in (...)},
 * {@code .startswith("postgres")} on the dialect name or on {@code str(bind.engine.url)}, through
 * {@code op.get_context()}, {@code context.get_context()}, a bind variable, {@code bind.engine.name}, local names
 * holding any of these, helper functions of the file that return such a test, and {@code not}/{@code and}/
 * {@code or} of them. Anything else is undecided (null): the reader then keeps what is under it unknown.
 */
final class DialectCondition {

    private static final String POSTGRESQL = "postgresql";
    private static final int MAX_DEPTH = 8;

    /** What an expression about the database yields: the dialect's name, or the URL's text. */
    enum Kind { NAME, URL }

    private final Scope scope;
    /** Whether an expression is a connection or migration context: {@code op.get_bind()}, a bind variable. */
    private final Predicate<Expr> handle;
    /** Local names holding the dialect's name or the URL. */
    private final Map<String, Kind> locals;
    /** Local names holding a decided condition. */
    private final Map<String, Boolean> conditions;

    DialectCondition(Scope scope, Predicate<Expr> handle, Map<String, Kind> locals, Map<String, Boolean> conditions) {
        this.scope = scope;
        this.handle = handle;
        this.locals = locals;
        this.conditions = conditions;
    }

    /** TRUE/FALSE for PostgreSQL, or null when the condition is not a dialect test the reader can decide. */
    Boolean decide(Expr test) {
        return decide(test, 0);
    }

    private Boolean decide(Expr e, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        return switch (e) {
            case Const c when c.value() == Constant.TRUE -> Boolean.TRUE;
            case Const c when c.value() == Constant.FALSE -> Boolean.FALSE;
            case Name n -> conditions.get(n.id());
            case Other o when o.kind().equals("not") -> not(decide(o.children().get(0), depth + 1));
            case Other o when o.kind().equals("boolean operation") -> logic(o, depth);
            case Other o when o.kind().equals("comparison") && o.children().size() == 2 -> comparison(o, depth);
            case Call c -> call(c, depth);
            default -> null;
        };
    }

    private static Boolean not(Boolean b) {
        return b == null ? null : !b;
    }

    private Boolean logic(Other o, int depth) {
        List<String> operators = Operators.between(o, scope.source());
        if (operators == null || operators.stream().distinct().count() != 1) {
            return null;
        }
        boolean and = operators.get(0).equals("and");
        if (!and && !operators.get(0).equals("or")) {
            return null;
        }
        // three-valued: one decisive operand decides, whatever the others
        boolean unknown = false;
        for (Expr x : o.children()) {
            Boolean v = decide(x, depth + 1);
            if (v == null) {
                unknown = true;
            } else if (v != and) {
                return v;
            }
        }
        return unknown ? null : and;
    }

    private Boolean comparison(Other o, int depth) {
        List<String> operators = Operators.between(o, scope.source());
        if (operators == null) {
            return null;
        }
        Expr left = o.children().get(0);
        Expr right = o.children().get(1);
        Boolean truth = versusBoolean(operators.get(0), left, right, depth);
        if (truth != null || isBoolean(left) || isBoolean(right)) {
            return truth;
        }
        Kind kind = kind(left);
        Expr literal = right;
        if (kind == null) {
            kind = kind(right);
            literal = left;
        }
        if (kind != Kind.NAME) {
            return null; // a URL compared whole depends on host and password; a name compared with what?
        }
        String op = operators.get(0);
        switch (op) {
            case "==", "!=" -> {
                String s = scope.string(literal);
                return s == null ? null : s.equals(POSTGRESQL) == op.equals("==");
            }
            case "in", "notin" -> {
                List<Expr> items = literal == right ? scope.items(right) : null;
                if (items == null) {
                    return null;
                }
                boolean found = false;
                for (Expr x : items) {
                    String s = scope.string(x);
                    if (s == null) {
                        return null;
                    }
                    found |= s.equals(POSTGRESQL);
                }
                return found == op.equals("in");
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code <test> is False}, {@code <test> == True}, {@code <test> is not True}...; null when not such a comparison. */
    private Boolean versusBoolean(String op, Expr left, Expr right, int depth) {
        boolean equal = op.equals("is") || op.equals("==");
        if (!equal && !op.equals("isnot") && !op.equals("!=")) {
            return null;
        }
        Expr test = isBoolean(right) ? left : isBoolean(left) ? right : null;
        if (test == null) {
            return null;
        }
        Boolean value = decide(test, depth + 1);
        if (value == null) {
            return null;
        }
        boolean wanted = ((Const) (test == left ? right : left)).value() == Constant.TRUE;
        return (value == wanted) == equal;
    }

    private static boolean isBoolean(Expr e) {
        return e instanceof Const c && (c.value() == Constant.TRUE || c.value() == Constant.FALSE);
    }

    private Boolean call(Call c, int depth) {
        if (c.func() instanceof Attribute a && a.attr().equals("startswith") && c.args().size() == 1
                && c.args().get(0).keyword() == null) {
            Kind kind = kind(a.value());
            if (kind == null) {
                return null;
            }
            List<Expr> prefixes = scope.items(c.args().get(0).value());
            if (prefixes == null) {
                prefixes = List.of(c.args().get(0).value());
            }
            boolean unknown = false;
            for (Expr p : prefixes) {
                Boolean v = startsWith(kind, scope.string(p));
                if (v == null) {
                    unknown = true;
                } else if (v) {
                    return true;
                }
            }
            return unknown ? null : Boolean.FALSE;
        }
        if (c.func() instanceof Name n && c.args().isEmpty()) {
            Expr returned = scope.helperCondition(n.id());
            return returned == null ? null : decide(returned, depth + 1);
        }
        return null;
    }

    /**
     * The dialect's name is exactly "postgresql"; a PostgreSQL URL starts with "postgresql" and then "://" or
     * "+driver", so a longer prefix depends on the driver.
     */
    private static Boolean startsWith(Kind kind, String prefix) {
        if (prefix == null) {
            return null;
        }
        if (POSTGRESQL.startsWith(prefix)) {
            return true;
        }
        if (kind == Kind.URL && prefix.startsWith(POSTGRESQL)) {
            return null;
        }
        return false;
    }

    /** What this expression yields about the database, or null when it is not such an expression. */
    Kind kind(Expr e) {
        if (e instanceof Name n) {
            return locals.get(n.id());
        }
        if (e instanceof Attribute a && a.attr().equals("name") && a.value() instanceof Attribute owner
                && (owner.attr().equals("dialect") || owner.attr().equals("engine")) && handle.test(owner.value())) {
            return Kind.NAME;
        }
        if (e instanceof Call c && c.args().size() == 1 && c.func() instanceof Name f && f.id().equals("str")
                && isUrl(c.args().get(0).value())) {
            return Kind.URL;
        }
        return null;
    }

    /** {@code bind.engine.url} or {@code bind.url}. */
    private boolean isUrl(Expr e) {
        if (!(e instanceof Attribute a) || !a.attr().equals("url")) {
            return false;
        }
        return handle.test(a.value()) || a.value() instanceof Attribute engine && engine.attr().equals("engine")
                && handle.test(engine.value());
    }
}
