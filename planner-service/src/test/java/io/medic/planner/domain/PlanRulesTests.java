package io.medic.planner.domain;

import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;
import io.medic.planner.Plans;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's pure rules: risk, status, the book, identity, renewal time, the policy and the loop guard. */
class PlanRulesTests {

    static final WorkloadRef W = new WorkloadRef("ns", "Deployment", "api");
    static final Instant T = Instant.parse("2026-03-27T05:41:07Z");

    @Test
    void riskFollowsTheMostDangerousStep() {
        assertThat(RiskRules.of(List.of())).isEqualTo(Risk.NONE);
        assertThat(RiskRules.of(List.of(new Step.AlembicStamp(List.of("2"), false, List.of("1"), List.of("2")),
                new Step.RestartWorkload(W)))).isEqualTo(Risk.LOW);
        assertThat(RiskRules.of(List.of(new Step.AlembicUpgrade("head", List.of("1"), List.of("2"), List.of("2")))))
                .isEqualTo(Risk.MEDIUM);
        assertThat(RiskRules.of(List.of(new Step.RollForwardImage(W, "api", "a:1", "a:2")))).isEqualTo(Risk.HIGH);
    }

    @Test
    void statusIsComputedInOnePlaceFromWhatTheTopicsSay() {
        Plan plan = Plans.stampPlan(W, "inc-1", T, T.plus(Duration.ofMinutes(30)), null);
        PlanBook book = new PlanBook();
        book.apply(plan);
        assertThat(book.get(plan.id()).orElseThrow().status(T)).isEqualTo(PlanStatus.AWAITING);
        assertThat(book.get(plan.id()).orElseThrow().status(T.plus(Duration.ofMinutes(30)))).isEqualTo(PlanStatus.EXPIRED);
        book.apply(new Decision(plan.id(), DecisionKind.APPROVE, DecisionMode.MANUAL, "alice", plan.digest(), "", null, T));
        assertThat(book.get(plan.id()).orElseThrow().status(T.plus(Duration.ofHours(2)))).isEqualTo(PlanStatus.APPROVED);
        Execution started = new Execution(plan.id(), ExecutionPhase.LIVE, 0, "verify-precondition",
                ExecutionStatus.STARTED, null, "", "", T, T);
        book.apply(started);
        book.apply(started);
        assertThat(book.get(plan.id()).orElseThrow().executions()).hasSize(1);
        assertThat(book.get(plan.id()).orElseThrow().status(T)).isEqualTo(PlanStatus.EXECUTING);
        book.apply(new Execution(plan.id(), ExecutionPhase.LIVE, -1, null, ExecutionStatus.FINISHED, Outcome.FAILED,
                "", "", T, T.plusSeconds(9)));
        assertThat(book.get(plan.id()).orElseThrow().status(T)).isEqualTo(PlanStatus.DONE);
        assertThat(book.get(plan.id()).orElseThrow().outcome()).contains(Outcome.FAILED);
    }

    @Test
    void recordsMayArriveBeforeTheirPlanAndALaterPlanMayArriveFirst() {
        Plan older = Plans.stampPlan(W, "inc-2", T, T.plus(Duration.ofMinutes(30)), null);
        Plan newer = Plans.stampPlan(W, "inc-2", T.plusSeconds(5), T.plus(Duration.ofMinutes(31)), older.id());
        PlanBook book = new PlanBook();
        book.apply(new Decision(older.id(), DecisionKind.REJECT, DecisionMode.MANUAL, "bob", older.digest(), "no", null, T));
        book.apply(newer);
        book.apply(older);
        assertThat(book.get(older.id()).orElseThrow().decision().by()).isEqualTo("bob");
        assertThat(book.get(older.id()).orElseThrow().supersededBy()).isEqualTo(newer.id());
        assertThat(book.live("inc-2").orElseThrow().id()).isEqualTo(newer.id());
        assertThat(book.forgetOlderThan(Duration.ofDays(1), T.plus(Duration.ofDays(2)))).isEqualTo(2);
        assertThat(book.size()).isZero();
    }

    @Test
    void theViewKeepsOneCopyOfEqualDiagnosesAndSteps() {
        Plan a = Plans.stampPlan(W, "inc-6", T, T.plus(Duration.ofMinutes(30)), null);
        Plan copy = io.medic.events.EventCodec.decode(io.medic.events.EventCodec.encode(
                Plans.stampPlan(W, "inc-7", T, T.plus(Duration.ofMinutes(30)), null)), Plan.class);
        PlanBook book = new PlanBook();
        book.apply(a);
        book.apply(copy);
        Plan kept = book.get(copy.id()).orElseThrow().plan();
        assertThat(kept.diagnosis()).isSameAs(book.get(a.id()).orElseThrow().plan().diagnosis());
        assertThat(kept.steps()).isSameAs(book.get(a.id()).orElseThrow().plan().steps());
        assertThat(kept).isEqualTo(copy);
        assertThat(kept.digestValid()).isTrue();
    }

    @Test
    void theSameDiagnosisIsTheSamePlanWhateverTheTimesAndSummary() {
        Plan a = Plans.stampPlan(W, "inc-3", T, T.plus(Duration.ofMinutes(30)), null);
        Plan b = new Plan("other", a.incidentId(), a.workload(), a.migrationContainer(), a.database(), a.diagnoser(),
                a.risk(), "another summary", a.diagnosis(), a.steps(), null, a.firstSeenAt(), T.plusSeconds(99),
                T.plusSeconds(999), null);
        assertThat(PlanIdentity.contentKey(b)).isEqualTo(PlanIdentity.contentKey(a));
        Plan c = new Plan("other", a.incidentId(), a.workload(), a.migrationContainer(), a.database(), a.diagnoser(),
                a.risk(), a.summary(), a.diagnosis(), a.steps().subList(0, 2), null, a.firstSeenAt(), T, T, null);
        assertThat(PlanIdentity.contentKey(c)).isNotEqualTo(PlanIdentity.contentKey(a));
        String key = PlanIdentity.contentKey(a);
        assertThat(PlanIdentity.planId(key, null)).isNotEqualTo(PlanIdentity.planId(key, "plan-old"))
                .isEqualTo(PlanIdentity.planId(key, null)).startsWith("plan-").hasSize(21);
    }

    @Test
    void aRenewalIsCreatedOnTheGridOfTtlsAfterTheExpiry() {
        Duration ttl = Duration.ofMinutes(30);
        assertThat(PlanDraft.renewalTime(T, ttl, T.plusSeconds(5))).isEqualTo(T);
        assertThat(PlanDraft.renewalTime(T, ttl, T.plus(Duration.ofMinutes(95)))).isEqualTo(T.plus(Duration.ofMinutes(90)));
    }

    @Test
    void thePolicyApprovesUpToTheNarrowestLevelAndNeverHigh() {
        Plan low = Plans.stampPlan(W, "inc-4", T, T.plus(Duration.ofMinutes(30)), null);
        assertThat(AutoApprovalPolicy.evaluate(low, AutoApproveLevel.LOW, null, null, Optional.empty()))
                .isEqualTo(new AutoApproval.Approve("max-risk=LOW (medic.planner.auto-approve)", "risk LOW is within the policy"));
        assertThat(AutoApprovalPolicy.evaluate(low, AutoApproveLevel.MEDIUM, "low", null, Optional.empty()))
                .isInstanceOfSatisfying(AutoApproval.Approve.class, a -> assertThat(a.policy()).contains("namespace ns"));
        assertThat(AutoApprovalPolicy.evaluate(low, AutoApproveLevel.MEDIUM, null, "none", Optional.empty()))
                .isInstanceOfSatisfying(AutoApproval.Hold.class, h -> assertThat(h.reason())
                        .contains("max-risk=NONE", "on Deployment ns/api"));
        assertThat(AutoApprovalPolicy.evaluate(low, AutoApproveLevel.LOW, null, "bogus", Optional.empty()))
                .as("an unreadable narrowing narrows to nothing").isInstanceOf(AutoApproval.Hold.class);
        assertThat(AutoApprovalPolicy.evaluate(low, AutoApproveLevel.LOW, null, "medium", Optional.empty()))
                .as("an annotation only narrows").isInstanceOf(AutoApproval.Approve.class);
        Plan advice = Plans.advicePlan(W, "inc-5", T);
        assertThat(AutoApprovalPolicy.evaluate(advice, AutoApproveLevel.MEDIUM, null, null, Optional.empty()))
                .isInstanceOf(AutoApproval.NotApplicable.class);
        assertThat(AutoApproveLevel.MEDIUM.allows(Risk.HIGH)).isFalse();
        assertThat(AutoApproveLevel.parse("HIGH")).isEmpty();
    }

    @Test
    void theLoopGuardCountsAutomaticApprovalsInTheRollingHour() {
        LoopGuard guard = new LoopGuard(3, 3, Duration.ofHours(1));
        PlanBook book = new PlanBook();
        for (int i = 0; i < 3; i++) {
            Plan p = Plans.stampPlan(W, "inc-a" + i, T.minus(Duration.ofMinutes(70 - 10 * i)), T, null);
            book.apply(p);
            book.apply(new Decision(p.id(), DecisionKind.APPROVE, DecisionMode.AUTOMATIC, "medic-auto", p.digest(), "",
                    "max-risk=LOW", T.minus(Duration.ofMinutes(70 - 10 * i))));
        }
        assertThat(guard.check(current(T), book.ofWorkload(W.key()), T)).as("the first one is 70 minutes old").isEmpty();
        assertThat(guard.check(current(T.minus(Duration.ofMinutes(15))), book.ofWorkload(W.key()),
                T.minus(Duration.ofMinutes(15))))
                .hasValueSatisfying(h -> assertThat(h.trip()).isEqualTo(LoopGuard.Trip.MAX_PER_HOUR));
    }

    @Test
    void theLoopGuardBlocksForAnHourAfterThreeConsecutiveExecutionsWithoutRecovery() {
        LoopGuard guard = new LoopGuard(3, 3, Duration.ofHours(1));
        PlanBook failures = new PlanBook();
        List<Outcome> outcomes = List.of(Outcome.FAILED, Outcome.ABORTED, Outcome.STALE, Outcome.FAILED);
        for (int i = 0; i < outcomes.size(); i++) {
            executed(failures, T.minus(Duration.ofMinutes(45 - i)), outcomes.get(i));
        }
        assertThat(guard.check(current(T), failures.ofWorkload(W.key()), T))
                .hasValueSatisfying(h -> assertThat(h.reason()).contains("FAILED, STALE, FAILED", "blocked until"));
        assertThat(guard.check(current(T.plus(Duration.ofHours(1))), failures.ofWorkload(W.key()),
                T.plus(Duration.ofHours(1)))).as("the block lasts an hour from the last failure").isEmpty();

        PlanBook crashedAgain = new PlanBook();
        for (int i = 0; i < 3; i++) {
            executed(crashedAgain, T.minus(Duration.ofMinutes(55 - 10 * i)), Outcome.SUCCEEDED);
        }
        assertThat(guard.check(current(T), crashedAgain.ofWorkload(W.key()), T))
                .as("each success was followed by a new incident within the hour, the current one last")
                .hasValueSatisfying(h -> assertThat(h.reason()).contains("ended SUCCEEDED but crashed again,"
                        + " SUCCEEDED but crashed again, SUCCEEDED but crashed again"));
        assertThat(guard.check(current(T.plus(Duration.ofMinutes(90))), crashedAgain.ofWorkload(W.key()),
                T.plus(Duration.ofMinutes(90)))).as("the last success held for an hour").isEmpty();

        PlanBook held = new PlanBook();
        executed(held, T.minus(Duration.ofHours(5)), Outcome.FAILED);
        executed(held, T.minus(Duration.ofHours(4)), Outcome.FAILED);
        executed(held, T.minus(Duration.ofHours(3)), Outcome.SUCCEEDED);
        executed(held, T.minus(Duration.ofMinutes(50)), Outcome.FAILED);
        executed(held, T.minus(Duration.ofMinutes(40)), Outcome.FAILED);
        assertThat(guard.check(current(T), held.ofWorkload(W.key()), T))
                .as("a recovery that held breaks the run: only the two failures after it count").isEmpty();
    }

    /** The plan of the workload's current incident, first crash a minute before {@code at}. */
    private static Plan current(Instant at) {
        return Plans.stampPlan(W, "inc-now", at, at.plus(Duration.ofMinutes(30)), null);
    }

    /** An incident first seen at {@code seen}, its plan executed from 3 to 5 minutes later. */
    private static void executed(PlanBook book, Instant seen, Outcome outcome) {
        Plan p = Plans.stampPlan(W, "inc-" + seen.toEpochMilli(), seen.plusSeconds(60), seen.plus(Duration.ofMinutes(31)),
                null);
        book.apply(p);
        book.apply(new Execution(p.id(), ExecutionPhase.LIVE, -1, null, ExecutionStatus.FINISHED, outcome, "", "",
                seen.plus(Duration.ofMinutes(3)), seen.plus(Duration.ofMinutes(5))));
    }
}
