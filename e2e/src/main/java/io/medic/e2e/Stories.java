package io.medic.e2e;

import io.medic.events.Decision;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Signal;
import io.medic.events.Step;

import java.time.Duration;
import java.time.Instant;

/** How the demo tells each record of the incident, one line (and a few details) each. */
final class Stories {

    private Stories() {
    }

    static void narrate(MedicEvent event, Instant at, Narrator n, int plans) {
        switch (event) {
            case Signal s -> n.event(at, "detected", s.signature().id() + " " + s.signature().fields() + " in "
                    + s.container().kind().name().toLowerCase() + " container " + s.container().name() + " ("
                    + s.container().image() + ") of " + s.workload().kind() + " " + s.workload().key() + ", "
                    + s.restartCount() + " restarts [" + s.kind() + "]");
            case Plan p -> plan(p, at, n);
            case Decision d -> n.event(at, d.approves() ? "approved" : "rejected",
                    (d.mode() == DecisionMode.AUTOMATIC ? "automatically, policy " + d.policy() : "by " + d.by())
                            + " (" + d.planId() + (d.comment().isEmpty() ? "" : ": " + d.comment()) + ")");
            case Execution e -> execution(e, at, n);
            case io.medic.events.DeadLetter d -> n.event(at, "dead-letter", d.reason());
        }
    }

    private static void plan(Plan p, Instant at, Narrator n) {
        n.event(at, "diagnosed", p.diagnoser() + ": " + p.verdict() + ": " + p.diagnosis().reason());
        StringBuilder table = new StringBuilder();
        for (RevisionRow row : p.diagnosis().revisions()) {
            if (row.state() != RevisionState.APPLIED || !row.evidence().isEmpty()) {
                table.append(String.format("%-5s %-40s %-18s %s%n", row.revision(), cut(row.summary(), 40), row.state(),
                        row.evidence().isEmpty() ? "" : cut(row.evidence().get(0), 60)));
            }
        }
        if (!table.isEmpty()) {
            n.detail(table.toString().stripTrailing());
        }
        n.event(at, "planned", p.id() + ", risk " + p.risk() + ", " + p.steps().size() + " steps"
                + (p.supersedes() == null ? "" : ", supersedes " + p.supersedes()) + ": " + p.summary());
        int i = 1;
        StringBuilder steps = new StringBuilder();
        for (Step step : p.steps()) {
            steps.append(i++).append(". ").append(step.describe()).append('\n');
        }
        if (!steps.isEmpty()) {
            n.detail(steps.toString().stripTrailing());
        }
    }

    private static void execution(Execution e, Instant at, Narrator n) {
        String took = e.startedAt() == null ? "" : " in " + seconds(Duration.between(e.startedAt(), e.at()));
        if (e.finished()) {
            n.event(at, "finished", e.outcome() + took + ": " + e.detail());
        } else if (e.stepIndex() == Execution.WHOLE_PLAN) {
            if (Execution.REHEARSE.equals(e.stepType()) && e.status() != ExecutionStatus.STARTED) {
                n.event(at, "rehearsed", e.status() + took + ": " + e.detail());
            } else if (e.status() == ExecutionStatus.STARTED) {
                n.event(at, Execution.REHEARSE.equals(e.stepType()) ? "rehearsing" : "executing", e.detail());
            }
        } else if (e.phase() == ExecutionPhase.LIVE && e.status() != ExecutionStatus.STARTED) {
            n.event(at, "step " + (e.stepIndex() + 1), e.stepType() + " " + e.status() + took + ": " + e.detail());
        }
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
