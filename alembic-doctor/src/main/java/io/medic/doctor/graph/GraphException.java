package io.medic.doctor.graph;

import java.util.List;

/** The revision files do not form a valid Alembic revision graph: every problem, not just the first. */
public final class GraphException extends Exception {

    private final List<String> problems;

    public GraphException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
