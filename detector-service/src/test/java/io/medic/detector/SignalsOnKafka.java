package io.medic.detector;

import io.medic.events.EventCodec;
import io.medic.events.Signal;
import io.medic.events.Topics;
import io.medic.testsupport.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** What arrives on medic.signals, read from the real broker, by workload key. */
final class SignalsOnKafka implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The crash-log fixtures of log-signatures (tests run from the module directory). */
    static final Path LOGS = Path.of("..", "log-signatures", "src", "test", "resources", "logs");

    private final KafkaTestClient kafka = new KafkaTestClient();

    Signal awaitOne(String key, Predicate<Signal> match) {
        return decode(awaitRecord(key, match));
    }

    ConsumerRecord<String, byte[]> awaitRecord(String key, Predicate<Signal> match) {
        return kafka.awaitOne(Topics.SIGNALS, r -> key.equals(r.key()) && match.test(decode(r)), DEADLINE);
    }

    /** Every signal keyed {@code key} on the topic now, in order. */
    List<Signal> all(String key) {
        return kafka.readAll(Topics.SIGNALS, DEADLINE).stream().filter(r -> key.equals(r.key())).map(SignalsOnKafka::decode).toList();
    }

    static Signal decode(ConsumerRecord<String, byte[]> record) {
        return EventCodec.decode(record.value(), Signal.class);
    }

    static String log(String fixture) {
        try {
            return Files.readString(LOGS.resolve(fixture), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
