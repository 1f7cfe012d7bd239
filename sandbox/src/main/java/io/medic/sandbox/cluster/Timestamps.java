package io.medic.sandbox.cluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes' object timestamps: RFC 3339, UTC, whole seconds. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String now() {
        return format(Instant.now());
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Instant parse(String timestamp) {
        return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    }
}
