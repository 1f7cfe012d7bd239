package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Arg;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.ItemsKind;
import io.medic.doctor.migration.python.Ast.Name;
import io.medic.doctor.migration.python.Ast.Other;
import io.medic.doctor.migration.python.Ast.Str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a string expression built only from literals and names bound to literals, as Python would
 * compute it: a string literal, an f-string whose fields are plain names ({@code f"ix_{table}_created"}),
 * {@code "%s_x" % t} with {@code %s}/{@code %d}, {@code "{}_x".format(t)} with {@code {}}/{@code {0}}/
 * {@code {name}} fields, and {@code +} of such strings. Anything else (a format spec, an attribute or call
 * in a field, an unknown name) is null: the reader then says it cannot read the argument, never guesses.
 */
final class StringValue {

    private static final int MAX_DEPTH = 8;

    private StringValue() {
    }

    static String of(Expr e, Scope scope, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return null;
        }
        String text = scope.text(e);
        if (text != null) {
            return text;
        }
        e = scope.literal(e);
        return switch (e) {
            case Str s when !s.bytes() -> s.formatted() ? fString(s, scope, depth) : s.value();
            case Other o when o.kind().equals("binary operation") -> binary(o, scope, depth);
            case Call c when c.func() instanceof Attribute a && a.attr().equals("format") -> {
                String template = of(a.value(), scope, depth + 1);
                yield template == null ? null : format(template, c.args(), scope, depth);
            }
            default -> null;
        };
    }

    /** A field's value as str() gives it: a string, or an integer literal. */
    private static String field(Expr e, Scope scope, int depth) {
        String s = of(e, scope, depth + 1);
        if (s != null) {
            return s;
        }
        Integer i = scope.integer(e);
        return i == null ? null : String.valueOf(i);
    }

    // ---------------------------------------------------------------- f-strings

    private static String fString(Str s, Scope scope, int depth) {
        StringBuilder out = new StringBuilder();
        int[] parts = s.parts();
        for (int k = 0; k < parts.length; k += 2) {
            Str part = new Str(s.source(), new int[] {parts[k], parts[k + 1]}, false, false, s.line(), parts[k],
                    parts[k + 1]);
            String decoded = part.value();
            if (!isFormatted(s.source(), parts[k])) {
                out.append(decoded);
                continue;
            }
            String filled = fill(decoded, name -> isIdentifier(name)
                    ? field(new Name(name, s.line(), s.start(), s.end()), scope, depth) : null);
            if (filled == null) {
                return null;
            }
            out.append(filled);
        }
        return out.toString();
    }

    private static boolean isFormatted(String source, int start) {
        for (int i = start; i < source.length(); i++) {
            char c = Character.toLowerCase(source.charAt(i));
            if (c == '\'' || c == '"') {
                return false;
            }
            if (c == 'f') {
                return true;
            }
        }
        return false;
    }

    private interface Fields {
        /** The value of a replacement field (its text between braces, no conversion or spec), or null. */
        String value(String field);
    }

    /** Replaces {@code {field}} by its value, {@code {{}} and {@code }}} by a brace; null if a field cannot be read. */
    private static String fill(String template, Fields fields) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    return null;
                }
                String field = template.substring(i + 1, close).strip();
                if (field.endsWith("!s")) {
                    field = field.substring(0, field.length() - 2).strip();
                }
                String value = field.contains("!") || field.contains(":") ? null : fields.value(field);
                if (value == null) {
                    return null;
                }
                out.append(value);
                i = close + 1;
            } else if (c == '}') {
                return null;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || s.charAt(0) == '$') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '$') {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- str.format

    private static String format(String template, List<Arg> args, Scope scope, int depth) {
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> named = new HashMap<>();
        for (Arg a : args) {
            if (a.star() != 0) {
                return null;
            }
            if (a.keyword() == null) {
                positional.add(a.value());
            } else {
                named.put(a.keyword(), a.value());
            }
        }
        int[] next = {0};
        return fill(template, field -> {
            Expr value;
            if (field.isEmpty()) {
                value = next[0] < positional.size() ? positional.get(next[0]++) : null;
            } else if (field.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(field);
                value = index < positional.size() ? positional.get(index) : null;
            } else {
                value = named.get(field);
            }
            return value == null ? null : field(value, scope, depth);
        });
    }

    // ---------------------------------------------------------------- operators

    private static String binary(Other o, Scope scope, int depth) {
        List<Expr> operands = o.children();
        List<String> operators = Operators.between(o, scope.source());
        if (operators == null) {
            return null;
        }
        if (operators.stream().allMatch("+"::equals)) {
            StringBuilder out = new StringBuilder();
            for (Expr x : operands) {
                String s = of(x, scope, depth + 1);
                if (s == null) {
                    return null;
                }
                out.append(s);
            }
            return out.toString();
        }
        if (operators.size() == 1 && operators.get(0).equals("%")) {
            String template = of(operands.get(0), scope, depth + 1);
            Expr right = scope.literal(operands.get(1));
            List<Expr> values = right instanceof Items items && items.kind() == ItemsKind.TUPLE
                    ? items.elements() : List.of(operands.get(1));
            return template == null ? null : percent(template, values, scope, depth);
        }
        return null;
    }

    private static String percent(String template, List<Expr> values, Scope scope, int depth) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= template.length()) {
                return null;
            }
            char conversion = template.charAt(++i);
            if (conversion == '%') {
                out.append('%');
            } else if ((conversion == 's' || conversion == 'd') && next < values.size()) {
                String value = conversion == 's' ? field(values.get(next++), scope, depth)
                        : integerText(values.get(next++), scope);
                if (value == null) {
                    return null;
                }
                out.append(value);
            } else {
                return null;
            }
        }
        return next == values.size() ? out.toString() : null;
    }

    private static String integerText(Expr e, Scope scope) {
        Integer i = scope.integer(e);
        return i == null ? null : String.valueOf(i);
    }
}
