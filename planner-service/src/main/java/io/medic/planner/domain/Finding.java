package io.medic.planner.domain;

import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Diagnosis;
import io.medic.events.Step;

import java.util.List;

/**
 * What a diagnoser concluded for one signal, before it becomes a plan: the diagnosis, the steps (empty when a
 * person must act), a one-line summary, the database it is about and the container migrations run from.
 */
public record Finding(DiagnoserKind kind, Diagnosis diagnosis, List<Step> steps, String summary,
                      DatabaseRef database, ContainerRef migrationContainer) {
    public Finding {
        steps = List.copyOf(steps);
    }
}
