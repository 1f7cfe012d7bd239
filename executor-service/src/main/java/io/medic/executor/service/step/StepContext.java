package io.medic.executor.service.step;

import io.medic.events.ExecutionPhase;
import io.medic.events.Plan;
import io.medic.executor.client.PgSession;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a runner knows about the one step it runs: the plan, the phase (live, or the rehearsal's scratch
 * copy), the step's index, the session on the phase's database (null for plans that touch none), whether a
 * crashed executor left this step in doubt, when the step (first) started, and the image's own migrations
 * when the executor can read them.
 */
public record StepContext(Plan plan, ExecutionPhase phase, int index, PgSession database, boolean resumed,
                          Instant startedAt, Optional<Migrations> migrations) {

    public String schema() {
        return plan.database().schema();
    }

    public boolean rehearsal() {
        return phase == ExecutionPhase.REHEARSAL;
    }

    /** What no record may show: the phase database's URL and password. */
    public List<String> secrets() {
        return database == null ? List.of() : database.url().secrets();
    }

    /** The version rows now, sorted; empty when there is no version table. */
    List<String> versionRows() {
        return database.versionRows(schema()).orElse(List.of());
    }
}
