package io.medic.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvent types Medic publishes, each bound to its topic and record class.
 * Binary mode: the type travels in the {@code ce_type} header, the record as the JSON value.
 */
public enum EventType {
    SIGNAL("medic.signal.v1", Topics.SIGNALS, Signal.class),
    PLAN("medic.plan.v1", Topics.PLANS, Plan.class),
    DECISION("medic.decision.v1", Topics.DECISIONS, Decision.class),
    EXECUTION("medic.execution.v1", Topics.EXECUTIONS, Execution.class),
    DEAD_LETTER("medic.dead-letter.v1", Topics.DEAD_LETTER, DeadLetter.class);

    private final String type;
    private final String topic;
    private final Class<? extends MedicEvent> recordClass;

    EventType(String type, String topic, Class<? extends MedicEvent> recordClass) {
        this.type = type;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code medic.signal.v1}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends MedicEvent> recordClass() {
        return recordClass;
    }

    public static Optional<EventType> ofType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.type.equals(ceType)).findFirst();
    }

    public static EventType of(Class<?> recordClass) {
        return Arrays.stream(values()).filter(t -> t.recordClass.equals(recordClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Medic event: " + recordClass.getName()));
    }
}
