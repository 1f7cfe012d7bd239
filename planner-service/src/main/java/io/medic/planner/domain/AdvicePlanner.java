package io.medic.planner.domain;

import io.medic.events.Blocker;
import io.medic.events.Diagnosis;
import io.medic.events.Digests;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The plan for a signal no diagnoser can remedy: advice only, no steps, so the incident still
 * reaches its issue with the evidence. The plan id is derived from the incident and the signal's
 * sequence, so a redelivered signal yields the same plan, not a second one.
 */
public final class AdvicePlanner {

    public static final String DIAGNOSER = "advice";

    private AdvicePlanner() {
    }

    public static Plan adviceFor(Signal signal, Instant now, Duration ttl) {
        String summary = "%s in %s container %s of %s %s (restarts: %d): no automatic remedy, a human should look"
                .formatted(signal.signature().id(), signal.container().kind().name().toLowerCase(),
                        signal.container().name(), signal.workload().kind(), signal.workload().key(),
                        signal.restartCount());
        return new Plan(planId(signal), signal.incidentId(), signal.workload(), signal.container(), null, DIAGNOSER,
                Risk.NONE, summary, Diagnosis.needsHuman(new Blocker.NoRemedy(signal.signature().id())), List.of(),
                null, signal.firstSeenAt(), now, now.plus(ttl), null).sealed();
    }

    static String planId(Signal signal) {
        return "plan-" + Digests.shortSha256Hex(signal.incidentId() + "/" + signal.sequence(), 16);
    }
}
