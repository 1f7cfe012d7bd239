package io.medic.doctor.scenario;

import java.util.List;

/**
 * Data that must read exactly so after the plan ran: a query's first column, row by row.
 * Also used for effects the plan must have had on data (a backfill ran exactly once).
 */
public record Survivor(String what, String sql, List<String> expected) {

    public Survivor {
        expected = List.copyOf(expected);
    }

    @Override
    public String toString() {
        return what;
    }
}
