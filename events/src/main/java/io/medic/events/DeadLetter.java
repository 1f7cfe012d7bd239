package io.medic.events;

import java.time.Instant;
import java.util.Map;

/**
 * A record on {@code medic.dead-letter}: something a service could not process, with the reason
 * and everything needed to replay it (topic, partition, offset, key, headers and the original bytes,
 * base64 in JSON).
 */
public record DeadLetter(String service, String topic, int partition, long offset, String key,
                         Map<String, String> headers, byte[] value, String reason, Instant at) implements MedicEvent {
    public DeadLetter {
        Require.text(service, "service");
        Require.text(topic, "topic");
        Require.text(reason, "reason");
        Require.present(at, "at");
        headers = Require.map(headers);
        value = value == null ? new byte[0] : value.clone();
    }

    @Override
    public String eventId() {
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public String subject() {
        return topic;
    }

    @Override
    public Instant eventTime() {
        return at;
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && service.equals(d.service) && topic.equals(d.topic)
                && partition == d.partition && offset == d.offset && java.util.Objects.equals(key, d.key)
                && headers.equals(d.headers) && java.util.Arrays.equals(value, d.value) && reason.equals(d.reason)
                && at.equals(d.at);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(service, topic, partition, offset, key, headers, java.util.Arrays.hashCode(value),
                reason, at);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + service + " " + topic + "-" + partition + "@" + offset + ": " + reason + "]";
    }
}
