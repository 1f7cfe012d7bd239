package io.medic.executor.listener;

import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.Plan;
import io.medic.executor.client.ExecutionPublisher;
import io.medic.executor.domain.ApprovalGate;
import io.medic.executor.domain.PlanBook;
import io.medic.executor.domain.PlanRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Joins plans and decisions (in whichever order they arrive) and starts each approved plan once. */
@ApplicationScoped
public class Executions {

    private static final Logger LOG = Logger.getLogger(Executions.class);

    private final PlanBook book = new PlanBook();
    private final Clock clock = Clock.systemUTC();
    private final PlanRunner runner;

    public Executions(ExecutionPublisher publisher) {
        this.runner = new PlanRunner(clock, publisher::publish);
    }

    void planArrived(Plan plan) {
        book.record(plan).ifPresent(decision -> decide(plan, decision));
    }

    void decisionArrived(Decision decision) {
        book.planFor(decision).ifPresentOrElse(plan -> decide(plan, decision),
                () -> LOG.infof("decision on %s waits for its plan", decision.planId()));
    }

    private void decide(Plan plan, Decision decision) {
        if (decision.kind() == DecisionKind.REJECT) {
            LOG.infof("plan %s rejected by %s: nothing to execute", plan.id(), decision.by());
            return;
        }
        var refusal = ApprovalGate.refusal(plan, decision, clock.instant());
        if (refusal.isPresent()) {
            runner.refuse(plan, refusal.get());
        } else if (book.takeUp(plan.id())) {
            runner.run(plan);
        } else {
            LOG.infof("plan %s was already taken up; ignoring a repeated approval", plan.id());
        }
    }
}
