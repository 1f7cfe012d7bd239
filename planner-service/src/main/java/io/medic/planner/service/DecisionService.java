package io.medic.planner.service;

import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Plan;
import io.medic.planner.client.PlanPublisher;
import io.medic.planner.domain.AutoApproval;
import io.medic.planner.domain.PlanBook;
import io.medic.planner.domain.PlanStatus;
import io.medic.planner.domain.TrackedPlan;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Approves and rejects plans, for people (the API) and for the automatic mode: checks the plan's state and
 * digest, publishes the decision to {@code medic.decisions} and answers only once the broker confirmed it.
 * Decisions of one plan are serialized in this replica; an identical second decision answers with the first.
 */
@ApplicationScoped
public class DecisionService {

    public static final String AUTOMATIC_DECIDER = "medic-auto";
    private static final Logger LOG = Logger.getLogger(DecisionService.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(15);

    private final PlanBook book;
    private final PlanPublisher publisher;
    private final PlannerMetrics metrics;
    private final Clock clock;
    private final Object[] locks = new Object[64];

    public DecisionService(PlanBook book, PlanPublisher publisher, PlannerMetrics metrics, Clock clock) {
        this.book = book;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public DecisionResult approve(String planId, String digest, String comment, Caller caller) {
        synchronized (lockFor(planId)) {
            Optional<TrackedPlan> found = book.get(planId);
            if (found.isEmpty()) {
                return new DecisionResult.NotFound(planId);
            }
            TrackedPlan tracked = found.get();
            Decision standing = tracked.decision();
            if (standing != null) {
                if (standing.approves() && standing.planDigest().equals(digest)) {
                    return new DecisionResult.Decided(standing, false);
                }
                return new DecisionResult.Conflict(standing.approves()
                        ? "the plan was already approved with digest " + standing.planDigest()
                        : "the plan was already rejected by " + standing.by(), standing);
            }
            Instant now = clock.instant();
            PlanStatus status = tracked.status(now);
            if (status.gone()) {
                return new DecisionResult.Gone(goneReason(tracked, status));
            }
            Plan plan = tracked.plan();
            if (!plan.digest().equals(digest)) {
                return new DecisionResult.Conflict("digest " + digest + " is not the plan's (" + plan.digest()
                        + "): the plan you reviewed is not this one", null);
            }
            if (!plan.executable()) {
                return new DecisionResult.Conflict("the plan has nothing to execute: " + plan.summary(), null);
            }
            return publish(new Decision(planId, DecisionKind.APPROVE, DecisionMode.MANUAL, caller.subject(), digest,
                    comment, null, now), plan);
        }
    }

    public DecisionResult reject(String planId, String reason, Caller caller) {
        synchronized (lockFor(planId)) {
            Optional<TrackedPlan> found = book.get(planId);
            if (found.isEmpty()) {
                return new DecisionResult.NotFound(planId);
            }
            TrackedPlan tracked = found.get();
            Decision standing = tracked.decision();
            if (standing != null) {
                if (!standing.approves()) {
                    return new DecisionResult.Decided(standing, false);
                }
                return new DecisionResult.Conflict("the plan was already approved by " + standing.by() + " at "
                        + standing.at(), standing);
            }
            Instant now = clock.instant();
            PlanStatus status = tracked.status(now);
            if (status.gone()) {
                return new DecisionResult.Gone(goneReason(tracked, status));
            }
            return publish(new Decision(planId, DecisionKind.REJECT, DecisionMode.MANUAL, caller.subject(),
                    tracked.plan().digest(), reason, null, now), tracked.plan());
        }
    }

    /** The automatic mode's approval of a plan just published. */
    DecisionResult approveAutomatically(Plan plan, AutoApproval.Approve policy) {
        synchronized (lockFor(plan.id())) {
            Optional<TrackedPlan> tracked = book.get(plan.id());
            if (tracked.isPresent() && tracked.get().decision() != null) {
                return new DecisionResult.Decided(tracked.get().decision(), false);
            }
            return publish(new Decision(plan.id(), DecisionKind.APPROVE, DecisionMode.AUTOMATIC, AUTOMATIC_DECIDER,
                    plan.digest(), policy.comment(), policy.policy(), clock.instant()), plan);
        }
    }

    private DecisionResult publish(Decision decision, Plan plan) {
        try {
            publisher.publish(decision).toCompletableFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf("the broker did not confirm the %s of %s: %s", decision.kind(), decision.planId(),
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return new DecisionResult.Unavailable("Kafka did not confirm the decision; nothing was decided, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DecisionResult.Unavailable("interrupted before Kafka confirmed the decision");
        }
        book.apply(decision);
        metrics.decided(decision, plan);
        LOG.infof("%s %s of plan %s by %s", decision.mode(), decision.kind(), decision.planId(), decision.by());
        return new DecisionResult.Decided(decision, true);
    }

    private static String goneReason(TrackedPlan tracked, PlanStatus status) {
        return status == PlanStatus.SUPERSEDED
                ? "the plan was superseded by " + tracked.supersededBy() + ": review that one"
                : "the plan expired at " + tracked.plan().expiresAt() + ": a fresh one replaces it while the incident"
                + " is open";
    }

    private Object lockFor(String planId) {
        return locks[Math.floorMod(planId.hashCode(), locks.length)];
    }
}
