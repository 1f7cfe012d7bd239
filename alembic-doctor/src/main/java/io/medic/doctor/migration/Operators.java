package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.Other;

import java.util.ArrayList;
import java.util.List;

/**
 * The operators of a flat operator node ({@code a % b}, {@code x == y}, {@code p and q}), which the syntax tree
 * keeps only in the source: the text between two operands, without blanks, brackets and line continuations
 * ({@code not in} comes out as {@code notin}).
 */
final class Operators {

    private Operators() {
    }

    /** One operator per gap between operands, or null when the source does not say clearly (a comment there). */
    static List<String> between(Other o, String source) {
        List<Expr> operands = o.children();
        if (source == null || operands.size() < 2) {
            return null;
        }
        List<String> out = new ArrayList<>(operands.size() - 1);
        for (int i = 0; i + 1 < operands.size(); i++) {
            int from = operands.get(i).end();
            int to = operands.get(i + 1).start();
            if (from < 0 || to > source.length() || from > to) {
                return null;
            }
            String between = source.substring(from, to).replaceAll("[\\s()\\\\]", "");
            if (between.isEmpty() || between.contains("#")) {
                return null;
            }
            out.add(between);
        }
        return out;
    }
}
