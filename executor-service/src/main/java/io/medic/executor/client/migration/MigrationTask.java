package io.medic.executor.client.migration;

import io.medic.events.ExecutionPhase;
import io.medic.events.Plan;
import io.medic.executor.domain.DatabaseUrl;

/**
 * One {@code alembic upgrade <target>} to run: which plan and step, in which phase, against which database
 * (the live one, or the rehearsal's scratch copy on the same server).
 */
public record MigrationTask(Plan plan, ExecutionPhase phase, int stepIndex, String target, DatabaseUrl database) {

    public boolean rehearsal() {
        return phase == ExecutionPhase.REHEARSAL;
    }

    /** Short, stable and unique per plan, phase and step: names the Job, the work files. */
    public String attemptName() {
        return (rehearsal() ? "r" : "l") + stepIndex;
    }
}
