package io.medic.detector.service;

import io.medic.detector.client.SignalPublisher;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.EventCodec;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.Topics;
import io.medic.events.WorkloadRef;
import io.medic.signatures.LogAnalysis;
import io.medic.signatures.SignatureMatcher;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Before watching starts: fetches medic.signals' metadata on the signal producer and runs the matcher and
 * the codec over a sample, so that the first crash after a start does not also pay for metadata look-ups
 * and class loading.
 */
final class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String SAMPLE = "INFO  [alembic.runtime.migration] Running upgrade 018 -> 020, add custom notes\n"
            + "Traceback (most recent call last):\n  File \"/app/migrations/versions/020_custom_notes.py\", line 7, in upgrade\n"
            + "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column \"custom_notes\" of relation "
            + "\"players\" already exists\n";

    private WarmUp() {
    }

    static void run(SignalPublisher publisher, SignatureMatcher matcher) {
        try {
            publisher.fetchTopicMetadata(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debugf("could not fetch %s metadata ahead of time: %s", Topics.SIGNALS, e.getMessage());
        }
        for (int i = 0; i < 20; i++) {
            LogAnalysis analysis = matcher.analyze(SAMPLE, "Error");
            EventCodec.encode(new Signal("inc-warm-up", 1, SignalKind.OPENED, new WorkloadRef("ns", "Deployment", "app"), "0",
                    new ContainerRef("api", ContainerKind.APP, "app:1", "1", "app-0", null), null, 2, analysis.signature(),
                    analysis.excerpt(), List.of(), null, Instant.EPOCH, Instant.EPOCH));
        }
    }
}
