package io.medic.executor.service;

import io.medic.events.Decision;
import io.medic.events.Plan;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.PlanBook;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins plans and decisions (in whichever order they arrive) and hands each decided plan, once per process,
 * to a plan thread, so listeners never wait for a plan to run. Decisions are read from the topic's beginning
 * at every start: the ledger, not a consumer offset, says which plans are done, which are to be resumed.
 */
@ApplicationScoped
public class ExecutionService {

    private static final Logger LOG = Logger.getLogger(ExecutionService.class);

    private final PlanBook book;
    private final PlanExecutor executor;
    private final ExecutorService threads;

    public ExecutionService(PlanBook book, PlanExecutor executor, ExecutorConfig config) {
        this.book = book;
        this.executor = executor;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "medic-plan-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.threads = Executors.newFixedThreadPool(Math.max(1, config.maxConcurrentPlans()), factory);
    }

    public void planArrived(Plan plan) {
        book.record(plan).ifPresent(decision -> submit(plan, decision));
    }

    public void decisionArrived(Decision decision) {
        book.planFor(decision).ifPresentOrElse(plan -> submit(plan, decision),
                () -> LOG.debugf("decision on %s waits for its plan", decision.planId()));
    }

    private void submit(Plan plan, Decision decision) {
        if (!book.takeUp(plan.id())) {
            LOG.debugf("plan %s is already taken up in this executor; ignoring a repeated decision", plan.id());
            return;
        }
        threads.submit(() -> {
            PlanExecutor.Attempt attempt = PlanExecutor.Attempt.LEFT;
            try {
                attempt = executor.execute(plan, decision);
            } catch (RuntimeException e) {
                LOG.errorf(e, "plan %s: unexpected error", plan.id());
            } finally {
                if (attempt == PlanExecutor.Attempt.LEFT) {
                    book.release(plan.id());
                }
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
