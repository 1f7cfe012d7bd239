package io.medic.events;

import java.time.Instant;

/**
 * A record Medic publishes on one of its topics. Each answers the questions the wire asks of it: its
 * Kafka key, and the CloudEvent id, subject and time. Ids are derived from the event, so a re-publish of
 * the same fact carries the same id and consumers can drop duplicates.
 */
public sealed interface MedicEvent permits Signal, Plan, Decision, Execution, DeadLetter {

    /** The Kafka key. */
    String key();

    /** The CloudEvent {@code id}. */
    String eventId();

    /** The CloudEvent {@code subject}. */
    String subject();

    /** The CloudEvent {@code time}. */
    Instant eventTime();

    /** The CloudEvent type and topic of this event. */
    default EventType eventType() {
        return EventType.of(getClass());
    }
}
