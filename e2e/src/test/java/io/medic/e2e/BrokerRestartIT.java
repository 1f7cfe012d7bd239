package io.medic.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The Kafka broker restarted (killed, then back on the same ports and data, as a crashed node returns) in the
 * middle of the incident, right after the plan is published: nothing is lost, nothing is done twice.
 */
@Execution(ExecutionMode.SAME_THREAD)
class BrokerRestartIT {

    @Test
    void theBrokerRestartedMidIncidentLosesNothing() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().as("broker-restart", 194))) {
            incident.awaitPlan("the healing plan", E2e.TIMEOUT, p -> p.diagnoser().equals("alembic-drift"));
            pipeline.broker().restart();

            Recovery recovery = Recovery.await(pipeline, incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
        }
    }
}
