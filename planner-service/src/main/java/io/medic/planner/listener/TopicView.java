package io.medic.planner.listener;

import io.medic.events.Decision;
import io.medic.events.EventCodec;
import io.medic.events.EventType;
import io.medic.events.Execution;
import io.medic.events.MalformedEventException;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.events.Topics;
import io.medic.messaging.DeadLetters;
import io.medic.planner.domain.IncidentSignals;
import io.medic.planner.domain.PlanBook;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the planner's view from the topics and keeps it current: a plain consumer that assigns every
 * partition of the compacted {@code medic.plans} and {@code medic.decisions}, of {@code medic.executions} and of
 * {@code medic.signals}, seeks to the beginning, and applies every record to the {@link PlanBook} (and the
 * latest signal of each incident to {@link IncidentSignals}). It is caught up when it has read to the end
 * offsets it saw at start; only then is the planner ready, so a restarted planner or a second replica answers
 * the same as the first.
 *
 * <p>A malformed plan, decision or execution is dead-lettered once: the view commits its position (group
 * {@code medic-planner-view}, no group membership), and a record before the committed position was already
 * dead-lettered by an earlier run. Malformed signals are the signal listener's to dead-letter.
 */
@ApplicationScoped
public class TopicView {

    private static final Logger LOG = Logger.getLogger(TopicView.class);
    static final List<String> TOPICS = List.of(Topics.PLANS, Topics.DECISIONS, Topics.EXECUTIONS, Topics.SIGNALS);
    private static final Duration POLL = Duration.ofMillis(200);

    private final PlanBook book;
    private final IncidentSignals signals;
    private final DeadLetters deadLetters;
    private final String bootstrapServers;
    private final String groupId;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private volatile String problem = "not started";
    private Thread thread;

    public TopicView(PlanBook book, IncidentSignals signals, DeadLetters deadLetters,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "medic.planner.view.group-id", defaultValue = "medic-planner-view") String groupId) {
        this.book = book;
        this.signals = signals;
        this.deadLetters = deadLetters;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
    }

    /** After {@code TopicSetup} (default priority) has created the topics. */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent start) {
        start();
    }

    /** Starts reading in a thread of its own (at startup; also how a test builds a second, independent view). */
    public void start() {
        thread = new Thread(this::run, "planner-topic-view");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    public void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until the view has read the topics to where they ended at start; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why the view is not caught up yet, for the readiness check. */
    public String problem() {
        return problem;
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        // plans are tens of kilobytes: a fetch of a few megabytes keeps the start fast and the heap small
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(8 << 20));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "planner-view-" + ProcessHandle.current().pid());
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
                consumer = c;
                consume(c);
            } catch (WakeupException e) {
                if (!stopping) {
                    LOG.warn("the topic view was woken up unexpectedly; reconnecting");
                }
            } catch (RuntimeException e) {
                problem = "reading the topics failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf(e, "the topic view failed; starting over from the beginning in 2 s");
                pause(Duration.ofSeconds(2));
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitions(c);
        if (partitions == null) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> seen = new HashMap<>();
        c.committed(Set.copyOf(partitions), Duration.ofSeconds(30)).forEach((tp, meta) ->
                seen.put(tp, meta == null ? 0L : meta.offset()));
        problem = "catching up with " + end;
        while (!stopping) {
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                apply(r, r.offset() >= seen.getOrDefault(tp, 0L));
                positions.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
            if (!positions.isEmpty()) {
                c.commitAsync(positions, (offsets, failure) -> {
                    if (failure != null) {
                        LOG.debugf("cannot commit the view's position: %s", failure.toString());
                    }
                });
            }
            if (caughtUp.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                problem = null;
                caughtUp.countDown();
                LOG.infof("the plan view is caught up: %d plans from %s", book.size(), end);
            }
        }
    }

    /** Every partition of the four topics; waits (and says so) while a topic does not exist yet. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (!stopping) {
            List<TopicPartition> all = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    missing.add(topic);
                } else {
                    infos.forEach(i -> all.add(new TopicPartition(topic, i.partition())));
                }
            }
            if (missing.isEmpty()) {
                return all;
            }
            problem = "waiting for topics " + missing;
            LOG.infof("the plan view waits for topics %s", missing);
            pause(Duration.ofSeconds(1));
        }
        return null;
    }

    private void apply(ConsumerRecord<String, byte[]> r, boolean unseen) {
        if (r.value() == null) {
            return; // a tombstone on a compacted topic
        }
        EventType type = switch (r.topic()) {
            case Topics.PLANS -> EventType.PLAN;
            case Topics.DECISIONS -> EventType.DECISION;
            case Topics.EXECUTIONS -> EventType.EXECUTION;
            default -> EventType.SIGNAL;
        };
        try {
            String ceType = header(r, "ce_type");
            if (ceType != null && !ceType.equals(type.type())) {
                throw new MalformedEventException("ce_type is '" + ceType + "' where " + type.type() + " was expected");
            }
            switch (type) {
                case PLAN -> {
                    Plan plan = EventCodec.decode(r.value(), Plan.class);
                    if (!plan.digestValid()) {
                        throw new MalformedEventException("the plan's digest does not match its content");
                    }
                    book.apply(plan);
                }
                case DECISION -> book.apply(EventCodec.decode(r.value(), Decision.class));
                case EXECUTION -> book.apply(EventCodec.decode(r.value(), Execution.class));
                case SIGNAL -> signals.remember(EventCodec.decode(r.value(), Signal.class));
                case DEAD_LETTER -> {
                }
            }
        } catch (MalformedEventException e) {
            if (type != EventType.SIGNAL && unseen) {
                deadLetters.send(r, "malformed " + type.type() + ": " + e.getMessage())
                        .exceptionally(failure -> {
                            LOG.errorf("cannot dead-letter %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), failure);
                            return null;
                        });
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
