package io.medic.executor.service;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.executor.client.ExecutionPublisher;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.CapturedOutput;
import io.medic.executor.domain.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Writes the ledger: every record goes to {@code medic.executions} and returns only once the broker has it
 * (write-ahead: a step's STARTED record is on the topic before the step acts), then into the in-memory
 * ledger, the metrics and the log. Detail and output are redacted and capped here, the one place records
 * are made.
 */
@ApplicationScoped
public class ExecutionReporter {

    private static final Logger LOG = Logger.getLogger(ExecutionReporter.class);

    private final ExecutionPublisher publisher;
    private final Ledger ledger;
    private final ExecutorMetrics metrics;
    private final Clock clock;
    private final int maxBytes;

    public ExecutionReporter(ExecutionPublisher publisher, Ledger ledger, ExecutorMetrics metrics, Clock clock,
                             ExecutorConfig config) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBytes = config.outputMaxBytes();
    }

    public Instant now() {
        return clock.instant();
    }

    /** The record that starts an execution: its mode, and who approved it. */
    public Instant planStarted(Plan plan, boolean dryRun, String detail) {
        Instant now = clock.instant();
        publish(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN,
                dryRun ? Execution.DRY_RUN : Execution.EXECUTE, ExecutionStatus.STARTED, null, detail, "", now, now));
        return now;
    }

    public Instant started(Plan plan, ExecutionPhase phase, int index, String type, String detail, Collection<String> secrets) {
        Instant now = clock.instant();
        publish(new Execution(plan.id(), phase, index, type, ExecutionStatus.STARTED, null, scrub(detail, secrets), "",
                now, now));
        return now;
    }

    /** A step's (or the rehearsal's) end; {@code result} labels the step metric (stale for a STALE plan's step). */
    public void ended(Plan plan, ExecutionPhase phase, int index, String type, ExecutionStatus status, String result,
                      String detail, String output, Instant startedAt, Collection<String> secrets) {
        Instant now = clock.instant();
        publish(new Execution(plan.id(), phase, index, type, status, null, scrub(detail, secrets),
                CapturedOutput.of(output, maxBytes, secrets), startedAt, now));
        metrics.step(type, phase, result, Duration.between(startedAt, now));
    }

    public void finished(Plan plan, Outcome outcome, String detail, Instant startedAt, Collection<String> secrets) {
        Instant now = clock.instant();
        publish(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                outcome, scrub(detail, secrets), "", startedAt == null ? now : startedAt, now));
        metrics.execution(outcome);
        LOG.infof("plan %s (%s) finished %s: %s", plan.id(), plan.workload().key(), outcome.name().toLowerCase(Locale.ROOT),
                scrub(detail, secrets));
    }

    public void refused(Plan plan, String reason) {
        finished(plan, Outcome.ABORTED, reason, null, List.of());
    }

    private void publish(Execution execution) {
        publisher.publish(execution);
        ledger.record(execution);
    }

    private String scrub(String text, Collection<String> secrets) {
        return CapturedOutput.of(text, 4096, secrets).replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
