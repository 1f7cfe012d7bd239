package io.medic.e2e;

import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Plan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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

    @Test
    void twoNotifierReplicasTellEachStateOnceAndTheOtherFinishesTheStoryWhenTheHolderIsKilled() throws Exception {
        Pipeline pipeline = E2e.pipeline();
        try (ServiceProcess standby = pipeline.notifierReplica("notifier-standby");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     pipeline.broker().bootstrapServers()))) {
            standby.start().awaitReady(READY);
            pipeline.timeline().await("both notifiers in the group, the story topics held by one", E2e.TIMEOUT,
                    t -> storyHolders(admin).size() == 1 && groupSize(admin) == 2);
            try (Incident incident = E2e.deploy(Scenario.seed().as("two-notifiers", 195))) {
                String issue = incident.scenario().issue();
                pipeline.timeline().await("the first comment on " + issue, E2e.TIMEOUT,
                        t -> !pipeline.forge().comments(issue).isEmpty());
                ServiceProcess holder = storyHolders(admin).contains("notifier-standby") ? standby : pipeline.notifier();
                holder.kill();
                assertThat(holder.running()).as(holder.name() + " after kill -9").isFalse();

                Recovery recovery = Recovery.await(pipeline, incident, E2e.nobody(), E2e.TIMEOUT);

                // one comment per state: the replica that took the topics over told only what was not on the issue
                E2e.assertRecovered(incident, recovery);
            }
        }
    }

    /** The client ids of the notifier group's members that hold story partitions. */
    private static Set<String> storyHolders(Admin admin) {
        return notifierGroup(admin).members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
                .map(MemberDescription::clientId).collect(Collectors.toSet());
    }

    private static int groupSize(Admin admin) {
        return notifierGroup(admin).members().size();
    }

    private static ConsumerGroupDescription notifierGroup(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of("medic-notifier")).all().get(10, TimeUnit.SECONDS).get("medic-notifier");
        } catch (Exception e) {
            throw new AssertionError("cannot describe the notifier's consumer group", e);
        }
    }

    private static void restart(ServiceProcess service) {
        service.kill();
        assertThat(service.running()).as(service.name() + " after kill -9").isFalse();
        service.start().awaitReady(READY);
    }
}
