package io.medic.events;

import java.time.Instant;

/**
 * The CloudEvent attributes of a Medic event (binary mode: {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_subject}, {@code ce_time} headers).
 */
public record CloudEventAttributes(String id, String type, String source, String subject, Instant time) {

    /** The attributes of {@code event} published by {@code source} (e.g. {@code medic/detector}). */
    public static CloudEventAttributes of(MedicEvent event, String source) {
        return new CloudEventAttributes(event.eventId(), event.eventType().type(), source, event.subject(),
                event.eventTime());
    }
}
