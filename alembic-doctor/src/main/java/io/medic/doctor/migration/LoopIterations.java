package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.ItemsKind;
import io.medic.doctor.migration.python.Ast.Name;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The iterations of a {@code for} loop the reader can unroll: over a literal tuple, list or set, a name bound
 * to one (a module-level {@code TABLES = (...)}), or a literal dict ({@code D}, {@code D.keys()},
 * {@code D.values()}, {@code D.items()}), with a plain name or a tuple of names as the target. Each iteration
 * is what the loop's names stand for in it. Anything else (a call, a comprehension, a variable) cannot be
 * unrolled: null.
 */
final class LoopIterations {

    /** Bound on the iterations unrolled per loop: a literal longer than this is not a migration's table list. */
    static final int MAX_ITERATIONS = 200;

    private LoopIterations() {
    }

    /** name -> literal, per iteration in order; null when the loop cannot be unrolled. */
    static List<Map<String, Expr>> of(Expr target, Expr iterable, Scope scope) {
        List<Expr> elements = elements(iterable, scope);
        if (elements == null || elements.size() > MAX_ITERATIONS) {
            return null;
        }
        List<Map<String, Expr>> out = new ArrayList<>(elements.size());
        for (Expr element : elements) {
            Map<String, Expr> names = new LinkedHashMap<>();
            if (!bind(target, element, scope, names, 0)) {
                return null;
            }
            out.add(names);
        }
        return out;
    }

    private static List<Expr> elements(Expr iterable, Scope scope) {
        // a set's order is the hash order of its strings, which Python randomises per process: not unrolled
        if (scope.literal(iterable) instanceof Items items) {
            return items.kind() == ItemsKind.SET ? null : items.elements();
        }
        Expr mapping = iterable;
        String view = "keys";
        if (iterable instanceof Call c && c.args().isEmpty() && c.func() instanceof Attribute a) {
            mapping = a.value();
            view = a.attr();
        }
        List<Expr[]> entries = scope.dictEntries(mapping);
        if (entries == null) {
            return null;
        }
        List<Expr> out = new ArrayList<>(entries.size());
        for (Expr[] kv : entries) {
            switch (view) {
                case "keys" -> out.add(kv[0]);
                case "values" -> out.add(kv[1]);
                case "items" -> out.add(new Items(ItemsKind.TUPLE, List.of(kv),
                        kv[0].line(), kv[0].start(), kv[1].end()));
                default -> {
                    return null;
                }
            }
        }
        return out;
    }

    private static boolean bind(Expr target, Expr value, Scope scope, Map<String, Expr> names, int depth) {
        if (target instanceof Name n) {
            names.put(n.id(), value);
            return true;
        }
        if (target instanceof Items t && depth < 2) {
            List<Expr> values = scope.items(value);
            if (values == null || values.size() != t.elements().size()) {
                return false;
            }
            for (int i = 0; i < values.size(); i++) {
                if (!bind(t.elements().get(i), values.get(i), scope, names, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
