package io.medic.executor.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * How far each listener has processed its topic, per partition (the next offset it will see). The executor
 * compares it with the topic's end before acting, so it never decides on a picture older than the topics:
 * a superseding plan, or another replica's record of the same execution, is known before a step runs.
 */
public final class ConsumedOffsets {

    private final Map<String, Map<Integer, Long>> next = new HashMap<>();

    public synchronized void processed(String topic, int partition, long offset) {
        next.computeIfAbsent(topic, t -> new HashMap<>()).merge(partition, offset + 1, Math::max);
        notifyAll();
    }

    /** True when every partition has been processed up to {@code ends} (partition -> end offset). */
    public synchronized boolean reached(String topic, Map<Integer, Long> ends) {
        Map<Integer, Long> positions = next.getOrDefault(topic, Map.of());
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Waits until {@link #reached}; false at the deadline. */
    public synchronized boolean awaitReached(String topic, Map<Integer, Long> ends, long deadlineNanos)
            throws InterruptedException {
        while (!reached(topic, ends)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
