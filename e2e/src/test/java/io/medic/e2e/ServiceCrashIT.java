package io.medic.e2e;

import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each of the four services killed with a real SIGKILL at a moment of the incident, then started again: the
 * incident still ends recovered, no step runs twice, and the issue holds exactly one comment per state.
 * One incident at a time: a kill hits every incident in flight.
 */
@Execution(ExecutionMode.SAME_THREAD)
class ServiceCrashIT {

    private static final Duration READY = Duration.ofMinutes(2);

    @AfterEach
    void everyServiceRunsAgain() {
        for (ServiceProcess s : E2e.pipeline().services()) {
            if (!s.running()) {
                s.start().awaitReady(READY);
            }
        }
    }

    @Test
    void theDetectorKilledAfterDetectionLosesNothing() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().as("kill-detector", 190))) {
            pipeline.timeline().await("the detection", E2e.TIMEOUT, t -> !incident.signals().isEmpty());
            restart(pipeline.detector());

            Recovery recovery = Recovery.await(pipeline, incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
        }
    }

    @Test
    void thePlannerKilledBetweenThePlanAndTheDecisionStillTakesTheApproval() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().approvedByAPerson().as("kill-planner", 191))) {
            Recovery recovery = Recovery.await(pipeline, incident, (in, plan) -> {
                restart(pipeline.planner());
                // its state (plans, decisions) comes back from the compacted topics: the same plan, the same digest
                assertThat(in.approve(plan, pipeline.approverToken(), plan.digest())).as("approval after the restart")
                        .isEqualTo(200);
            }, E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            assertThat(incident.decisions()).hasSize(1);
        }
    }

    @Test
    void theExecutorKilledBetweenTwoStepsResumesWithoutRunningAStepTwice() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().as("kill-executor", 192))) {
            Plan plan = incident.awaitPlan("the healing plan", E2e.TIMEOUT, p -> p.diagnoser().equals("alembic-drift"));
            // step 1 is `alembic upgrade 019`: killed once it has ended, before the stamp of 020
            pipeline.timeline().await("the end of live step 1", E2e.TIMEOUT, t -> incident.executions(plan.id()).stream()
                    .anyMatch(e -> e.phase() == ExecutionPhase.LIVE && e.stepIndex() == 1 && e.status() != ExecutionStatus.STARTED));
            restart(pipeline.executor());

            Recovery recovery = Recovery.await(pipeline, incident, E2e.nobody(), E2e.TIMEOUT);

            assertThat(recovery.healing().id()).isEqualTo(plan.id());
            E2e.assertRecovered(incident, recovery);
        }
    }

    @Test
    void theNotifierKilledAfterACommentPostsEachStateOnce() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().as("kill-notifier", 193))) {
            String issue = incident.scenario().issue();
            pipeline.timeline().await("the first comment on " + issue, E2e.TIMEOUT,
                    t -> !pipeline.forge().comments(issue).isEmpty());
            restart(pipeline.notifier());

            Recovery recovery = Recovery.await(pipeline, incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
        }
    }

    private static void restart(ServiceProcess service) {
        service.kill();
        assertThat(service.running()).as(service.name() + " after kill -9").isFalse();
        service.start().awaitReady(READY);
    }
}
