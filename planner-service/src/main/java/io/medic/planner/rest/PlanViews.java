package io.medic.planner.rest;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.Risk;
import io.medic.events.Verdict;
import io.medic.events.WorkloadRef;
import io.medic.planner.domain.TrackedPlan;

import java.time.Instant;
import java.util.List;

/** What the approval API answers about plans: a line per plan in lists, everything about one plan. */
public final class PlanViews {

    private PlanViews() {
    }

    /** One plan in {@code GET /plans}. */
    public record PlanLine(String id, String incidentId, WorkloadRef workload, String diagnoser, Risk risk,
                           Verdict verdict, String status, String summary, boolean executable, String digest,
                           String supersedes, String supersededBy, Instant createdAt, Instant expiresAt) {
        static PlanLine of(TrackedPlan t, Instant now) {
            Plan p = t.plan();
            return new PlanLine(p.id(), p.incidentId(), p.workload(), p.diagnoser(), p.risk(), p.verdict(),
                    t.status(now).apiName(), p.summary(), p.executable(), p.digest(), p.supersedes(), t.supersededBy(),
                    p.createdAt(), p.expiresAt());
        }
    }

    /**
     * {@code GET /plans/{id}}: the plan as it is on the wire, its status, the diagnosis table (the seed issue's
     * "DB State" table: revision, what it changes, state, stamped, evidence), its decision and its execution
     * records so far.
     */
    public record PlanDetail(String status, String supersededBy, Plan plan, List<RevisionRow> table,
                             Decision decision, List<Execution> executions) {
        static PlanDetail of(TrackedPlan t, Instant now) {
            return new PlanDetail(t.status(now).apiName(), t.supersededBy(), t.plan(),
                    t.plan().diagnosis().revisions(), t.decision(), t.executions());
        }
    }
}
