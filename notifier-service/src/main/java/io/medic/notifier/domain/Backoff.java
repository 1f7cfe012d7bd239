package io.medic.notifier.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: exponential from {@code initial}, capped at {@code max}, with
 * "equal jitter" (half fixed, half random) so that many notifiers hit by one outage do not retry in step;
 * a forge's {@code Retry-After} (capped at {@code maxRetryAfter}) is honoured as the minimum, plus a little
 * jitter.
 */
public record Backoff(Duration initial, Duration max, Duration maxRetryAfter) {

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        long cap = max.toMillis();
        long exponential = Math.min(cap, initial.toMillis() << Math.min(30, Math.max(0, attempt - 1)));
        if (retryAfter.isPresent()) {
            long asked = Math.min(retryAfter.get().toMillis(), maxRetryAfter.toMillis());
            long jitter = Math.min(1000, Math.max(1, asked / 10));
            return Duration.ofMillis(asked + random.nextLong(jitter + 1));
        }
        long half = exponential / 2;
        return Duration.ofMillis(half + random.nextLong(exponential - half + 1));
    }
}
