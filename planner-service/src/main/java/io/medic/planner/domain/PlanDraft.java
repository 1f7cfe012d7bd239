package io.medic.planner.domain;

import io.medic.events.Plan;
import io.medic.events.Signal;

import java.time.Duration;
import java.time.Instant;

/**
 * A plan before it has an id, times and digest: what the diagnoser found, for one signal's incident, with its
 * risk. {@link #contentKey} says whether it is the same plan as the incident's live one; {@link #seal} makes
 * the plan that goes on the wire.
 */
public record PlanDraft(Finding finding, Signal signal) {

    private static final String DRAFT_ID = "plan-draft";

    /** The draft as a plan (placeholder id and times), for the questions asked before it is sealed. */
    public Plan asPlan() {
        return new Plan(DRAFT_ID, signal.incidentId(), signal.workload(), finding.migrationContainer(),
                finding.database(), finding.kind().diagnoser(), RiskRules.of(finding.steps()), finding.summary(),
                finding.diagnosis(), finding.steps(), null, signal.firstSeenAt(), Instant.EPOCH, Instant.EPOCH, null);
    }

    public String contentKey() {
        return PlanIdentity.contentKey(asPlan());
    }

    /**
     * @param supersedes the incident's previous plan, or null
     * @param held       why the automatic mode leaves it to a person, or null
     */
    public Plan seal(String supersedes, String held, Instant createdAt, Duration ttl) {
        Plan draft = asPlan();
        String summary = held == null ? draft.summary() : draft.summary() + " — waits for a person: " + held;
        return new Plan(PlanIdentity.planId(contentKey(), supersedes), draft.incidentId(), draft.workload(),
                draft.migrationContainer(), draft.database(), draft.diagnoser(), draft.risk(), summary,
                draft.diagnosis(), draft.steps(), supersedes, signal.firstSeenAt() != null ? signal.firstSeenAt()
                : signal.detectedAt(), createdAt, createdAt.plus(ttl), null).sealed();
    }

    /**
     * When a renewal of a plan that expired at {@code expiredAt} is created: on the grid of TTLs after it, the
     * first point from which the renewal is still valid at {@code now}. Deterministic, so two replicas renewing
     * the same plan make the same plan (same id, same digest).
     */
    public static Instant renewalTime(Instant expiredAt, Duration ttl, Instant now) {
        Instant at = expiredAt;
        if (!ttl.isPositive()) {
            return now;
        }
        long behind = Duration.between(expiredAt, now).toMillis() / ttl.toMillis();
        if (behind > 0) {
            at = expiredAt.plus(ttl.multipliedBy(behind));
        }
        return at;
    }
}
