package io.medic.doctor;

import io.medic.events.Diagnosis;
import io.medic.events.Step;
import io.medic.events.Verdict;

import java.util.List;

/**
 * What the engine returns: the diagnosis (findings) and, when its verdict is AUTO_PLAN, the proven steps
 * that bring the database to head (a precondition, Alembic stamps and upgrades, a post-condition). A
 * planner places these steps in a plan around the cluster's own steps; the CLI prints them.
 */
public record Prescription(Diagnosis diagnosis, List<Step> steps) {

    public Prescription {
        steps = List.copyOf(steps);
        if (!steps.isEmpty() && diagnosis.verdict() != Verdict.AUTO_PLAN) {
            throw new IllegalArgumentException("only an AUTO_PLAN diagnosis comes with steps");
        }
    }

    /** A prescription without steps: healthy, needs a person, or bad input. */
    public static Prescription of(Diagnosis diagnosis) {
        return new Prescription(diagnosis, List.of());
    }

    /** The Alembic commands of the plan, one per line. */
    public List<String> alembicCommands() {
        return steps.stream().map(Step::alembicCommand).filter(c -> c != null).toList();
    }
}
