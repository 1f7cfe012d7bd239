package io.medic.executor.testing;

import io.medic.doctor.Prescription;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.EventCodec;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.SecretKeyRef;
import io.medic.events.Step;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.testsupport.KafkaTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plans and decisions as the planner and the approval API publish them. */
public final class Plans {

    public static final SecretKeyRef SECRET = new SecretKeyRef("basketball-db", "url");

    private Plans() {
    }

    /**
     * The seed incident's plan as the planner builds it: the engine's precondition, stamps and upgrades, then
     * restart, rollout, HTTP check, then the engine's post-condition.
     */
    public static Plan seed(Incident incident, WorkloadRef workload, String imageTag, int httpPort, Duration settle) {
        Prescription p = incident.diagnose();
        List<Step> steps = new ArrayList<>(p.steps());
        Step post = steps.remove(steps.size() - 1);
        steps.add(new Step.RestartWorkload(workload));
        steps.add(new Step.AwaitRollout(workload, Duration.ofSeconds(60), settle));
        steps.add(new Step.VerifyHttp(workload, httpPort, "/health", 200, Duration.ofSeconds(20)));
        steps.add(post);
        return plan(workload, imageTag, p.diagnosis(), steps, null, Instant.now().plusSeconds(3600));
    }

    /** The engine's steps only (precondition, Alembic steps, post-condition): no cluster. */
    public static Plan databaseOnly(Incident incident, WorkloadRef workload, String imageTag) {
        Prescription p = incident.diagnose();
        return plan(workload, imageTag, p.diagnosis(), p.steps(), null, Instant.now().plusSeconds(3600));
    }

    public static Plan plan(WorkloadRef workload, String imageTag, Diagnosis diagnosis, List<Step> steps,
                            String supersedes, Instant expiresAt) {
        Instant now = Instant.now();
        return new Plan("plan-" + UUID.randomUUID(), "inc-" + UUID.randomUUID(), workload,
                new ContainerRef("api", ContainerKind.APP, Fixtures.image(imageTag), imageTag,
                        workload.name() + "-old-0", null),
                new DatabaseRef(SECRET, "public"), "alembic-drift", Risk.MEDIUM, "test plan", diagnosis, steps, supersedes,
                now.minusSeconds(90), now, expiresAt, null).sealed();
    }

    public static Decision approval(Plan plan, DecisionMode mode) {
        return new Decision(plan.id(), DecisionKind.APPROVE, mode, mode == DecisionMode.MANUAL ? "alice" : "medic-auto",
                plan.digest(), "looks right", mode == DecisionMode.AUTOMATIC ? "max-risk=MEDIUM" : null, Instant.now());
    }

    public static void publish(KafkaTestClient kafka, Plan plan) {
        kafka.send(Topics.PLANS, plan.id(), EventCodec.encode(plan), Map.of("ce_type", "medic.plan.v1"));
    }

    public static void publish(KafkaTestClient kafka, Decision decision) {
        kafka.send(Topics.DECISIONS, decision.planId(), EventCodec.encode(decision), Map.of("ce_type", "medic.decision.v1"));
    }
}
