package io.medic.executor.service.step;

import java.util.List;

/** Version rows as a set, for comparing and for people. */
final class Rows {

    private Rows() {
    }

    static List<String> sorted(List<String> rows) {
        return rows.stream().distinct().sorted().toList();
    }

    static boolean same(List<String> a, List<String> b) {
        return sorted(a).equals(sorted(b));
    }

    static String show(List<String> rows) {
        return rows.isEmpty() ? "(empty)" : "{" + String.join(", ", sorted(rows)) + "}";
    }
}
