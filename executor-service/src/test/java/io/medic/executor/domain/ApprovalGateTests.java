package io.medic.executor.domain;

import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Risk;
import io.medic.events.SecretKeyRef;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.events.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalGateTests {

    private static final Instant NOW = Instant.parse("2026-03-27T05:45:00Z");
    private static final WorkloadRef WORKLOAD = new WorkloadRef("basketball-api", "Deployment", "basketball-api");

    private static Diagnosis diagnosis() {
        List<RevisionRow> rows = List.of("018", "019", "020").stream()
                .map(r -> new RevisionRow(r, r + ".py", "", RevisionState.APPLIED, List.of())).toList();
        return new Diagnosis(Verdict.AUTO_PLAN, "", List.of("018"), List.of("020"), rows, List.of(), List.of(), List.of());
    }

    private static Plan plan(List<Step> steps, DatabaseRef database, String schema) {
        DatabaseRef db = database == null ? null : new DatabaseRef(database.secret(), schema);
        return new Plan("plan-1", "inc-1", WORKLOAD, new ContainerRef("api", ContainerKind.APP, "r/api:1", "1", "api-0", null),
                db, "alembic-drift", Risk.LOW, "", diagnosis(), steps, null, NOW, NOW, NOW.plusSeconds(600), null).sealed();
    }

    private static final DatabaseRef DB = new DatabaseRef(new SecretKeyRef("db", "url"), "public");
    private static final List<Step> STAMP = List.of(new Step.VerifyPrecondition(List.of("018"), "ff"),
            new Step.AlembicStamp(List.of("020"), false, List.of("018"), List.of("020")));

    private static Decision approve(Plan plan, DecisionMode mode) {
        return new Decision(plan.id(), DecisionKind.APPROVE, mode, "alice", plan.digest(), null,
                mode == DecisionMode.AUTOMATIC ? "max-risk=LOW" : null, NOW);
    }

    private static Optional<String> refusal(Plan plan, Decision decision) {
        return ApprovalGate.refusal(plan, decision, Optional.empty(), NOW);
    }

    @Test
    void anIntactUnexpiredApprovedPlanProceeds() {
        Plan plan = plan(STAMP, DB, "public");
        assertThat(refusal(plan, approve(plan, DecisionMode.AUTOMATIC))).isEmpty();
    }

    @Test
    void supersededAndExpiredPlansAreRefused() {
        Plan plan = plan(STAMP, DB, "public");
        assertThat(ApprovalGate.refusal(plan, approve(plan, DecisionMode.MANUAL), Optional.of("plan-2"), NOW))
                .get().asString().contains("superseded by plan plan-2");
        assertThat(ApprovalGate.refusal(plan, approve(plan, DecisionMode.MANUAL), Optional.empty(), NOW.plusSeconds(600)))
                .get().asString().contains("expired");
    }

    @Test
    void anImageChangeNeedsAPerson() {
        Plan plan = plan(List.of(new Step.RollForwardImage(WORKLOAD, "api", "r/api:1", "r/api:2")), null, null);
        assertThat(refusal(plan, approve(plan, DecisionMode.AUTOMATIC))).get().asString().contains("only a person's approval");
        assertThat(refusal(plan, approve(plan, DecisionMode.MANUAL))).isEmpty();
    }

    @Test
    void revisionIdsMustBeTheDiagnosissAndLookLikeIds() {
        Plan unknown = plan(List.of(new Step.AlembicStamp(List.of("021"), false, List.of("018"), List.of("021"))), DB, "public");
        assertThat(refusal(unknown, approve(unknown, DecisionMode.MANUAL))).get().asString()
                .contains("names revision 021, which the plan's diagnosis does not know");
        Plan injected = plan(List.of(new Step.AlembicStamp(List.of("020'); DROP TABLE players; --"), false, List.of("018"),
                List.of("020"))), DB, "public");
        assertThat(refusal(injected, approve(injected, DecisionMode.MANUAL))).get().asString()
                .contains("names a revision id that is not one");
    }

    @Test
    void aPlanThatTouchesADatabaseNamesOneWithAUsableSchema() {
        Plan none = plan(STAMP, null, null);
        assertThat(refusal(none, approve(none, DecisionMode.MANUAL))).get().asString().contains("names none");
        Plan control = plan(STAMP, DB, "public\n; DROP");
        assertThat(refusal(control, approve(control, DecisionMode.MANUAL))).get().asString().contains("control characters");
        Plan quoted = plan(STAMP, DB, "tenant \"a\"");
        assertThat(refusal(quoted, approve(quoted, DecisionMode.MANUAL))).as("any name is quoted as one identifier").isEmpty();
    }

    @Test
    void aRejectionIsRefusedWithItsReason() {
        Plan plan = plan(STAMP, DB, "public");
        Decision reject = new Decision(plan.id(), DecisionKind.REJECT, DecisionMode.MANUAL, "bob", plan.digest(), "later", null, NOW);
        assertThat(refusal(plan, reject)).contains("rejected by bob: later");
        assertThat(Diagnosis.needsHuman(new Blocker.NoRemedy("x")).verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
    }
}
