package io.medic.planner;

import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Diagnosis;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.SecretKeyRef;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.events.WorkloadRef;
import io.medic.planner.domain.RiskRules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Plans made in a test, sealed like the planner's, to put straight on medic.plans. */
public final class Plans {

    private Plans() {
    }

    public static Plan stampPlan(WorkloadRef workload, String incident, Instant createdAt, Instant expiresAt,
                                 String supersedes) {
        List<Step> steps = List.of(new Step.VerifyPrecondition(List.of("001"), "ab".repeat(32)),
                new Step.AlembicStamp(List.of("002"), false, List.of("001"), List.of("002")),
                new Step.RestartWorkload(workload),
                new Step.AwaitRollout(workload, Duration.ofMinutes(5), Duration.ofSeconds(20)));
        Diagnosis diagnosis = new Diagnosis(Verdict.AUTO_PLAN, "002 is present but not stamped", List.of("001"),
                List.of("002"), List.of(new RevisionRow("001", "001_a.py", "creates a", RevisionState.APPLIED, List.of()),
                new RevisionRow("002", "002_b.py", "adds a.b", RevisionState.PRESENT_UNSTAMPED,
                        List.of("column a.b exists"))), List.of(), List.of("002 took effect"), List.of());
        return new Plan("plan-" + UUID.randomUUID().toString().substring(0, 12), incident, workload,
                new ContainerRef("api", ContainerKind.APP, "registry.local/app:1234567", "1234567", "pod-1", null),
                new DatabaseRef(new SecretKeyRef("db", "url"), "public"), "alembic-drift", RiskRules.of(steps),
                "alembic stamp 002", diagnosis, steps, supersedes, createdAt.minusSeconds(60), createdAt, expiresAt,
                null).sealed();
    }

    public static Plan advicePlan(WorkloadRef workload, String incident, Instant createdAt) {
        return new Plan("plan-" + UUID.randomUUID().toString().substring(0, 12), incident, workload, null, null,
                "advice", RiskRules.of(List.of()), "advice", Diagnosis.needsHuman(new Blocker.NoRemedy("generic.exception")),
                List.of(), null, createdAt, createdAt, createdAt.plus(Duration.ofMinutes(30)), null).sealed();
    }
}
