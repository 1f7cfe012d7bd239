package io.medic.planner.service;

import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.planner.client.ClusterReader;
import io.medic.planner.client.PlanPublisher;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.AutoApproval;
import io.medic.planner.domain.AutoApprovalPolicy;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.IncidentSignals;
import io.medic.planner.domain.LoopGuard;
import io.medic.planner.domain.PlanBook;
import io.medic.planner.domain.PlanDraft;
import io.medic.planner.domain.PlanIdentity;
import io.medic.planner.domain.PlanStatus;
import io.medic.planner.domain.PlannerAnnotations;
import io.medic.planner.domain.TrackedPlan;
import io.medic.planner.domain.WorkloadFacts;
import io.medic.planner.listener.TopicView;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Signals in, plans out: reads the workload, has the signal's diagnoser diagnose it, and compares the result
 * with the incident's live plan. The same diagnosis publishes nothing (the live plan stands, whatever became of
 * it); a different one publishes a plan superseding the live one — unless the executor has the live one, which
 * is left to finish. Then the automatic mode approves the new plan or the plan's summary says why it waits.
 * Also renews executable plans that expired while their incident is open. One incident at a time.
 */
@ApplicationScoped
public class PlanningService {

    private static final Logger LOG = Logger.getLogger(PlanningService.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    /** What became of a signal (also the label of {@code medic_signals_total}). */
    public enum Outcome {
        PLANNED("planned"),
        UNCHANGED("unchanged"),
        DEFERRED("deferred");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Diagnosers diagnosers;
    private final ClusterReader cluster;
    private final PlanBook book;
    private final IncidentSignals signals;
    private final PlanPublisher publisher;
    private final DecisionService decisions;
    private final TopicView view;
    private final PlannerConfig config;
    private final LoopGuard loopGuard;
    private final PlannerMetrics metrics;
    private final Clock clock;
    private final Object[] locks = new Object[64];
    /** Expired plans found not to need a renewal (incident over, or no signal to diagnose with): asked once. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    public PlanningService(Diagnosers diagnosers, ClusterReader cluster, PlanBook book, IncidentSignals signals,
                           PlanPublisher publisher, DecisionService decisions, TopicView view, PlannerConfig config,
                           LoopGuard loopGuard, PlannerMetrics metrics, Clock clock) {
        this.diagnosers = diagnosers;
        this.cluster = cluster;
        this.book = book;
        this.signals = signals;
        this.publisher = publisher;
        this.decisions = decisions;
        this.view = view;
        this.config = config;
        this.loopGuard = loopGuard;
        this.metrics = metrics;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Blocking: returns once what it published is on the broker. */
    public Outcome onSignal(Signal signal, long receivedNanos) {
        signals.remember(signal);
        if (!view.awaitCaughtUp(config.catchUpTimeout())) {
            LOG.warnf("planning %s before the view caught up with the topics (%s)", signal.incidentId(), view.problem());
        }
        Outcome outcome;
        synchronized (lockFor(signal.incidentId())) {
            outcome = plan(signal, null);
        }
        metrics.signal(outcome.label());
        if (outcome == Outcome.PLANNED) {
            metrics.signalToPlan(Duration.ofNanos(System.nanoTime() - receivedNanos));
        }
        return outcome;
    }

    /** Diagnoses again every executable plan that expired undecided while its incident is open, and renews it. */
    public int renewExpired() {
        if (!view.caughtUp()) {
            return 0;
        }
        int renewed = 0;
        Instant now = clock.instant();
        settled.removeIf(id -> book.get(id).isEmpty());
        for (TrackedPlan expired : book.withStatus(PlanStatus.EXPIRED, now)) {
            if (!expired.plan().executable() || settled.contains(expired.id())) {
                continue;
            }
            Optional<Signal> signal = signals.latest(expired.plan().incidentId());
            if (signal.isEmpty()) {
                LOG.infof("plan %s expired; no signal of incident %s is known to diagnose it again", expired.id(),
                        expired.plan().incidentId());
                settled.add(expired.id());
                continue;
            }
            if (cluster.recovered(expired.plan().workload())) {
                settled.add(expired.id()); // the incident is over: a stale plan just expires
                continue;
            }
            synchronized (lockFor(expired.plan().incidentId())) {
                Optional<TrackedPlan> live = book.live(expired.plan().incidentId());
                if (live.isPresent() && live.get().id().equals(expired.id())
                        && live.get().status(clock.instant()) == PlanStatus.EXPIRED) {
                    try {
                        if (plan(signal.get(), expired) == Outcome.PLANNED) {
                            renewed++;
                            metrics.renewed();
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "renewing %s failed", expired.id());
                    }
                }
            }
        }
        return renewed;
    }

    /** Under the incident's lock. {@code renewing}: the expired plan a renewal replaces, else null. */
    private Outcome plan(Signal signal, TrackedPlan renewing) {
        long began = System.nanoTime();
        WorkloadFacts facts = cluster.workload(signal.workload());
        long read = System.nanoTime();
        Finding finding = diagnosers.diagnose(signal, facts);
        long diagnosed = System.nanoTime();
        PlanDraft draft = new PlanDraft(finding, signal);
        Instant now = clock.instant();
        Instant createdAt = now;
        String supersedes = null;
        Optional<TrackedPlan> live = book.live(signal.incidentId());
        if (live.isPresent()) {
            TrackedPlan current = live.get();
            PlanStatus status = current.status(now);
            boolean same = PlanIdentity.contentKey(current.plan()).equals(draft.contentKey());
            if (same && status != PlanStatus.EXPIRED) {
                LOG.debugf("%s: the diagnosis of incident %s is unchanged; plan %s stands (%s)", signal.eventId(),
                        signal.incidentId(), current.id(), status.apiName());
                return Outcome.UNCHANGED;
            }
            if (status.inExecutor()) {
                LOG.infof("incident %s: the diagnosis changed while plan %s is %s; the executor finishes it first",
                        signal.incidentId(), current.id(), status.apiName());
                return Outcome.DEFERRED;
            }
            supersedes = current.id();
            if (status == PlanStatus.EXPIRED && renewing != null && renewing.id().equals(current.id())) {
                createdAt = PlanDraft.renewalTime(current.plan().expiresAt(), config.planTtl(), now);
            }
        }
        AutoApproval auto = autoApproval(draft.asPlan(), facts);
        String held = auto instanceof AutoApproval.Hold hold ? hold.reason() : null;
        Plan plan = draft.seal(supersedes, held, createdAt, config.planTtl());
        long sealed = System.nanoTime();
        confirm(plan);
        book.apply(plan);
        metrics.planPublished(plan);
        long published = System.nanoTime();
        LOG.infof("plan %s for %s (%s, %s, %s)%s: %s [%d ms: workload %d, diagnosis %d, policy %d, publish %d]",
                plan.id(), signal.workload().key(), plan.diagnoser(), plan.verdict(), plan.risk(),
                supersedes == null ? "" : " supersedes " + supersedes, plan.summary(), millis(published - began),
                millis(read - began), millis(diagnosed - read), millis(sealed - diagnosed), millis(published - sealed));
        switch (auto) {
            case AutoApproval.Approve approve -> {
                DecisionResult result = decisions.approveAutomatically(plan, approve);
                if (result instanceof DecisionResult.Unavailable u) {
                    LOG.warnf("plan %s waits for a person: the automatic approval was not confirmed (%s)", plan.id(),
                            u.reason());
                }
            }
            case AutoApproval.Hold hold -> hold.trip().ifPresent(metrics::loopGuardTripped);
            case AutoApproval.NotApplicable none -> {
            }
        }
        return Outcome.PLANNED;
    }

    private AutoApproval autoApproval(Plan draft, WorkloadFacts facts) {
        Optional<LoopGuard.Hold> guard = draft.executable()
                ? loopGuard.check(draft, book.ofWorkload(draft.workload().key()), clock.instant())
                : Optional.empty();
        return AutoApprovalPolicy.evaluate(draft, config.autoApprove().maxRisk(),
                facts.namespaceAnnotation(PlannerAnnotations.AUTO_APPROVE).orElse(null),
                facts.annotation(PlannerAnnotations.AUTO_APPROVE).orElse(null), guard);
    }

    private void confirm(Plan plan) {
        try {
            publisher.publish(plan).toCompletableFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not confirm plan " + plan.id() + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before Kafka confirmed plan " + plan.id(), e);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private Object lockFor(String incidentId) {
        return locks[Math.floorMod(incidentId.hashCode(), locks.length)];
    }
}
