package io.medic.sandbox.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's restart back-off (client-go's {@code flowcontrol.Backoff} as the kubelet uses it): the
 * first restart is immediate, then each one waits {@code initial}, doubling up to {@code max}, counted from
 * when the container finished. A container that has not crashed for twice {@code max} starts over.
 * The kubelet's values are 10 s and 5 min; the sandbox multiplies both by a factor (tests use ~0.05).
 */
final class BackOff {

    private record Entry(Duration backoff, Instant lastUpdate) {
    }

    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    BackOff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    static BackOff kubelet(double factor) {
        return new BackOff(scaled(Duration.ofSeconds(10), factor), scaled(Duration.ofMinutes(5), factor));
    }

    static Duration scaled(Duration d, double factor) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }

    /** How long a restart of {@code key}, which finished at {@code finishedAt}, must still wait (zero: go). */
    Duration remaining(String key, Instant finishedAt, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(finishedAt, e.lastUpdate)) {
            return Duration.ZERO;
        }
        Duration left = e.backoff.minus(Duration.between(finishedAt, now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records a restart of {@code key} now: the next wait doubles, or starts at {@code initial}. */
    void next(String key, Instant now) {
        entries.compute(key, (k, e) -> e == null || expired(now, e.lastUpdate)
                ? new Entry(initial, now)
                : new Entry(e.backoff.multipliedBy(2).compareTo(max) > 0 ? max : e.backoff.multipliedBy(2), now));
    }

    /** The current wait of {@code key} (what the kubelet prints in "back-off 20s restarting failed container"). */
    Duration current(String key) {
        Entry e = entries.get(key);
        return e == null ? initial : e.backoff;
    }

    void forget(String keyPrefix) {
        entries.keySet().removeIf(k -> k.startsWith(keyPrefix));
    }

    private boolean expired(Instant eventTime, Instant lastUpdate) {
        return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    /** Kubernetes prints durations as Go does: 10s, 1m20s, 5m0s; below a second as 500ms. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        long rest = ms % 1000;
        String seconds = rest == 0 ? Long.toString(s % 60) : String.format("%d.%s", s % 60, String.format("%03d", rest).replaceAll("0+$", ""));
        return s >= 60 ? (s / 60) + "m" + seconds + "s" : seconds + "s";
    }
}
