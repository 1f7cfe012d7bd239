package io.medic.events;

import java.time.Instant;

/**
 * The CloudEvent attributes of a Medic event (binary mode: {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_subject}, {@code ce_time} headers). Ids are derived from the event, so a
 * re-publish of the same fact carries the same id and consumers can drop duplicates.
 */
public record CloudEventAttributes(String id, String type, String source, String subject, Instant time) {

    /** The attributes of {@code event} published by {@code source} (e.g. {@code medic/detector}). */
    public static CloudEventAttributes of(Object event, String source) {
        String type = EventType.of(event.getClass()).type();
        if (event instanceof Signal s) {
            return new CloudEventAttributes(s.incidentId() + "/" + s.sequence(), type, source, s.key(), s.detectedAt());
        } else if (event instanceof Plan p) {
            return new CloudEventAttributes(p.id(), type, source, p.workload().key(), p.createdAt());
        } else if (event instanceof Decision d) {
            return new CloudEventAttributes(d.planId() + "/" + d.kind() + "/" + d.by(), type, source, d.planId(), d.at());
        } else if (event instanceof Execution e) {
            return new CloudEventAttributes(e.planId() + "/" + e.stepIndex() + "/" + e.status(), type, source,
                    e.planId(), e.at());
        } else if (event instanceof DeadLetter d) {
            return new CloudEventAttributes(d.topic() + "/" + d.partition() + "/" + d.offset(), type, source,
                    d.topic(), d.at());
        }
        throw new IllegalArgumentException("not a Medic event: " + event.getClass().getName());
    }

    /** The Kafka key Medic uses for this event. */
    public static String keyOf(Object event) {
        if (event instanceof Signal s) {
            return s.key();
        } else if (event instanceof Plan p) {
            return p.key();
        } else if (event instanceof Decision d) {
            return d.key();
        } else if (event instanceof Execution e) {
            return e.key();
        } else if (event instanceof DeadLetter d) {
            return d.key();
        }
        throw new IllegalArgumentException("not a Medic event: " + event.getClass().getName());
    }
}
