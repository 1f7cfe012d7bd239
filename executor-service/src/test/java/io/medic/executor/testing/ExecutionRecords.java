package io.medic.executor.testing;

import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Topics;
import io.medic.testsupport.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** One plan's records on {@code medic.executions}, read from the real broker with a deadline. */
public record ExecutionRecords(List<Execution> all) {

    /** Waits for the plan's final record, then returns every record of the plan, in topic order. */
    public static ExecutionRecords awaitFinished(KafkaTestClient kafka, String planId, Duration timeout) {
        await(kafka, planId, e -> e.finished(), timeout);
        return of(kafka, planId);
    }

    /** Waits until a record of the plan matches. */
    public static Execution await(KafkaTestClient kafka, String planId, Predicate<Execution> match, Duration timeout) {
        ConsumerRecord<String, byte[]> record = kafka.awaitOne(Topics.EXECUTIONS,
                r -> planId.equals(r.key()) && match.test(EventCodec.decode(r.value(), Execution.class)), timeout);
        return EventCodec.decode(record.value(), Execution.class);
    }

    public static ExecutionRecords of(KafkaTestClient kafka, String planId) {
        return new ExecutionRecords(kafka.readAll(Topics.EXECUTIONS, Duration.ofSeconds(30)).stream()
                .filter(r -> planId.equals(r.key())).map(r -> EventCodec.decode(r.value(), Execution.class)).toList());
    }

    public Execution finalRecord() {
        List<Execution> finals = all.stream().filter(Execution::finished).toList();
        if (finals.size() != 1) {
            throw new AssertionError("expected exactly one final record, got " + finals.size() + ":\n" + this);
        }
        return finals.get(0);
    }

    public List<Execution> live() {
        return all.stream().filter(e -> e.phase() == ExecutionPhase.LIVE && e.stepIndex() >= 0).toList();
    }

    public List<Execution> rehearsal() {
        return all.stream().filter(e -> e.phase() == ExecutionPhase.REHEARSAL).toList();
    }

    /** Live step records with this status. */
    public List<Execution> live(ExecutionStatus status) {
        return live().stream().filter(e -> e.status() == status).toList();
    }

    /** Everything the records say, for failure messages and secret checks. */
    public String text() {
        return all.stream().map(e -> e.phase() + " " + e.stepIndex() + " " + e.stepType() + " " + e.status() + " "
                + e.outcome() + " | " + e.detail() + (e.output().isEmpty() ? "" : "\n    " + e.output().replace("\n", "\n    ")))
                .collect(Collectors.joining("\n"));
    }

    /** The Alembic output of every live upgrade record. */
    public String liveAlembicOutput() {
        return live().stream().filter(e -> "alembic-upgrade".equals(e.stepType())).map(Execution::output)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return text();
    }
}
