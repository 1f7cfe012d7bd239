package io.medic.notifier.service;

import io.medic.notifier.domain.Comment;
import io.medic.notifier.domain.Marker;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One bounded FIFO queue per issue, each drained by its own virtual thread: the comments of one issue are
 * posted in story order, and an issue whose forge is failing (retrying, waiting out a {@code Retry-After})
 * delays no other issue. A comment already waiting is not queued twice (the caller shares its result). A
 * full queue refuses at once (the caller dead-letters) rather than blocking the Kafka listener. A lane with
 * nothing left to do is removed.
 */
public class IssueLanes {

    private static final Logger LOG = Logger.getLogger(IssueLanes.class);

    private final int capacity;
    private final Function<Comment, Delivered> delivery;
    private final Map<String, Lane> lanes = new HashMap<>();
    private volatile boolean stopped;

    public IssueLanes(int capacity, Function<Comment, Delivered> delivery) {
        this.capacity = capacity;
        this.delivery = delivery;
    }

    /** Completes when the comment was posted, found already there, or given up. */
    public synchronized CompletableFuture<Delivered> submit(Comment comment) {
        if (stopped) {
            return new CompletableFuture<>();
        }
        String key = comment.target().key();
        Lane lane = lanes.computeIfAbsent(key, Lane::new);
        CompletableFuture<Delivered> waiting = lane.pending.get(comment.marker());
        if (waiting != null) {
            return waiting;
        }
        if (lane.queue.size() >= capacity) {
            return CompletableFuture.completedFuture(Delivered.gaveUp("the queue of " + key + " is full (" + capacity
                    + " comments waiting; the forge is failing or slow)"));
        }
        CompletableFuture<Delivered> result = new CompletableFuture<>();
        lane.pending.put(comment.marker(), result);
        lane.queue.add(comment);
        if (!lane.running) {
            lane.running = true;
            Thread.ofVirtual().name("notifier-lane-" + key).start(() -> drain(lane));
        }
        return result;
    }

    /** Stops taking work; lanes finish the comment in hand. Unfinished comments stay unacknowledged (redelivered). */
    public void stop() {
        stopped = true;
    }

    public synchronized int waiting() {
        return lanes.values().stream().mapToInt(l -> l.queue.size()).sum();
    }

    private void drain(Lane lane) {
        while (true) {
            Comment next;
            synchronized (this) {
                next = lane.queue.poll();
                if (next == null || stopped) {
                    lane.running = false;
                    if (lane.queue.isEmpty()) {
                        lanes.remove(lane.key, lane);
                    }
                    return;
                }
            }
            Delivered delivered;
            try {
                delivered = delivery.apply(next);
            } catch (RuntimeException e) {
                LOG.errorf(e, "delivering %s failed", next.marker());
                delivered = Delivered.gaveUp("delivery failed: " + e.getClass().getSimpleName());
            }
            CompletableFuture<Delivered> result;
            synchronized (this) {
                result = lane.pending.remove(next.marker());
            }
            if (result != null) {
                result.complete(delivered);
            }
        }
    }

    private static final class Lane {
        final String key;
        final ArrayDeque<Comment> queue = new ArrayDeque<>();
        final Map<Marker, CompletableFuture<Delivered>> pending = new LinkedHashMap<>();
        boolean running;

        Lane(String key) {
            this.key = key;
        }
    }
}
