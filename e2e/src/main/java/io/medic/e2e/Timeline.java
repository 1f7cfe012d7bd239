package io.medic.e2e;

import io.medic.events.Decision;
import io.medic.events.EventCodec;
import io.medic.events.EventType;
import io.medic.events.Execution;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.Signal;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What happened on Medic's topics, in order: every signal, plan, decision and execution record the
 * services published, read by a plain consumer from the beginning of each topic. The demo prints it as
 * it arrives; the end-to-end tests ask it questions ("exactly one FINISHED record for this plan").
 */
public final class Timeline implements AutoCloseable {

    /** One record as it arrived: the event and the broker's timestamp. */
    public record Entry(MedicEvent event, long brokerTimeMs) {
    }

    private static final List<EventType> TYPES = List.of(EventType.SIGNAL, EventType.PLAN, EventType.DECISION,
            EventType.EXECUTION);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean closed;

    public Timeline(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = TYPES.stream().map(t -> new TopicPartition(t.topic(), 0)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = Thread.ofPlatform().daemon().name("timeline").start(this::read);
    }

    /** Called for every record, in order, on the reader's thread (also for records already read). */
    public void onEntry(Consumer<Entry> listener) {
        synchronized (entries) { // no record is missed or seen twice between the replay and the registration
            entries.forEach(listener);
            listeners.add(listener);
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public <T extends MedicEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (type.isInstance(e.event())) {
                out.add(type.cast(e.event()));
            }
        }
        return out;
    }

    public List<Signal> signals() {
        return events(Signal.class);
    }

    public List<Plan> plans() {
        return events(Plan.class);
    }

    public List<Decision> decisions() {
        return events(Decision.class);
    }

    public List<Execution> executions() {
        return events(Execution.class);
    }

    /** Waits until {@code condition} holds over the entries, or fails at the deadline saying what it waited for. */
    public void await(String what, Duration timeout, Predicate<Timeline> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (entries) {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; the topics hold:\n"
                            + summary());
                }
                try {
                    entries.wait(Math.max(1, Math.min(left / 1_000_000, 500)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append("  ").append(e.event().eventType().type()).append(' ').append(e.event().eventId()).append('\n');
        }
        return out.toString();
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        EventType type = TYPES.stream().filter(t -> t.topic().equals(record.topic())).findFirst().orElseThrow();
        MedicEvent event;
        try {
            event = EventCodec.decode(record.value(), type.recordClass());
        } catch (RuntimeException malformed) {
            System.err.println("timeline: unreadable record on " + record.topic() + ": "
                    + new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8));
            return;
        }
        Entry entry = new Entry(event, record.timestamp());
        // listeners (the narration) run before any waiter wakes: the demo's "approve it" line comes after the
        // plan it is about, never in the middle of its table
        synchronized (entries) {
            entries.add(entry);
            for (Consumer<Entry> listener : listeners) {
                listener.accept(entry);
            }
            entries.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
