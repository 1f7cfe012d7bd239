package io.medic.executor.domain;

import io.medic.events.Execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code medic.executions} says, per plan: the executor's write-ahead ledger. Rebuilt by reading the
 * topic from its beginning at start, kept current by reading it on (another replica's records arrive there)
 * and by recording this executor's own records as soon as the broker has them. Only what progress needs is
 * kept (no output), and a record seen twice (published here, then read back) counts once.
 */
public final class Ledger {

    private final Map<String, List<LedgerEntry>> byPlan = new HashMap<>();

    public synchronized void record(Execution execution) {
        LedgerEntry entry = LedgerEntry.of(execution);
        List<LedgerEntry> entries = byPlan.computeIfAbsent(execution.planId(), id -> new ArrayList<>());
        if (!entries.contains(entry)) {
            entries.add(entry);
        }
    }

    public synchronized PlanProgress progress(String planId) {
        return PlanProgress.of(byPlan.getOrDefault(planId, List.of()));
    }

    public synchronized int plans() {
        return byPlan.size();
    }
}
