package io.medic.e2e;

import io.medic.events.Execution;
import io.medic.events.Outcome;
import io.medic.events.Plan;

import java.time.Duration;
import java.util.List;

/**
 * How an incident ends, awaited the one way the demo and the end-to-end tests share: the image-drift plan
 * first when the old image was deployed (HIGH risk: a person approves it), then the plan that heals the
 * database (approved by the policy, or by a person when the workload says so), its execution, the recovery
 * comment, and the seed issue's acceptance criteria checked for real.
 */
public record Recovery(Plan rollForward, Plan healing, Execution finished, List<Acceptance.Check> checks) {

    /** What a person does with a plan that waits for them (the demo prints a curl line; tests call the API). */
    @FunctionalInterface
    public interface Person {
        void decide(Incident incident, Plan plan);
    }

    public boolean recovered() {
        return finished.outcome() == Outcome.SUCCEEDED && Acceptance.allHold(checks);
    }

    /** Waits for {@code incident} (already deployed) to end; {@code person} is asked about every plan that needs one. */
    public static Recovery await(Pipeline pipeline, Incident incident, Person person, Duration timeout) {
        Plan rollForward = null;
        if (incident.scenario().oldImage()) {
            rollForward = incident.awaitPlan("the image-drift plan", timeout,
                    p -> p.diagnoser().equals("image-drift") && p.executable());
            person.decide(incident, rollForward);
            incident.awaitDecision(rollForward, timeout);
            incident.awaitFinished(rollForward, timeout);
        }
        Plan healing = incident.awaitPlan("Medic's diagnosis of the database", timeout,
                p -> p.diagnoser().equals("alembic-drift"));
        if (!healing.executable()) {
            throw new IllegalStateException("Medic made no executable plan: " + healing.diagnosis().reason());
        }
        if (incident.scenario().manualApproval()) {
            person.decide(incident, healing);
        }
        incident.awaitDecision(healing, timeout);
        Execution finished = incident.awaitFinished(healing, timeout);
        String issue = incident.scenario().issue();
        pipeline.timeline().await("the comment on " + issue + " that tells how " + healing.id() + " ended",
                Duration.ofSeconds(60), t -> Acceptance.commentStates(pipeline.forge(), issue).keySet().stream()
                        .anyMatch(s -> s.contains(healing.id()) && (s.startsWith("recovered") || s.startsWith("failed")
                                || s.startsWith("stale"))));
        return new Recovery(rollForward, healing, finished, Acceptance.check(pipeline, incident));
    }
}
