package io.medic.detector.service;

import org.jboss.logging.Logger;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs detections off the informer threads on a fixed set of workers, each with a bounded queue. Work is
 * striped by key (namespace and owner), so the crashes of one workload are handled in order by one worker
 * while different workloads proceed in parallel; a full queue refuses work rather than growing.
 */
final class DetectionQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DetectionQueue.class);

    private final ThreadPoolExecutor[] stripes;

    DetectionQueue(int workers, int capacityPerWorker) {
        stripes = new ThreadPoolExecutor[Math.max(1, workers)];
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, capacityPerWorker)),
                    r -> {
                        Thread t = new Thread(r, "medic-detector-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /**
     * Queues {@code task} behind the earlier tasks of the same key; false when that worker's queue is full.
     * {@code onFailure} runs if the task throws (so its crash can be handled again on the next event).
     */
    boolean submit(String key, Runnable task, Runnable onFailure) {
        try {
            stripes[Math.floorMod(key.hashCode(), stripes.length)].execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "detection for %s failed; it is retried on the next change", key);
                    onFailure.run();
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /** A helper pool for work a detection waits on (the API call read alongside the log). */
    static java.util.concurrent.ExecutorService helpers(int threads) {
        AtomicInteger n = new AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "medic-detector-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor stripe : stripes) {
            stripe.shutdownNow();
        }
    }
}
