package io.medic.executor.service;

import io.medic.executor.client.TopicEnds;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.ConsumedOffsets;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Re-reads the latest state before acting (as Strimzi's controllers do): waits until the executor's
 * listeners have processed a topic up to its current end. Before a decision is acted on, the plans topic
 * (a superseding plan is known) and the executions topic (another replica's records of the same plan).
 */
@ApplicationScoped
public class CatchUp {

    private final TopicEnds ends;
    private final ConsumedOffsets consumed;
    private final ExecutorConfig config;

    public CatchUp(TopicEnds ends, ConsumedOffsets consumed, ExecutorConfig config) {
        this.ends = ends;
        this.consumed = consumed;
        this.config = config;
    }

    /** @throws IllegalStateException when the topic cannot be read to its end in time */
    public void await(String topic) {
        long deadline = System.nanoTime() + config.catchUpTimeout().toNanos();
        Map<Integer, Long> end;
        try {
            end = ends.of(topic, config.catchUpTimeout());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end of " + topic + ": " + e.getMessage(), e);
        }
        try {
            if (!consumed.awaitReached(topic, end, deadline)) {
                throw new IllegalStateException("did not read " + topic + " to its end " + end + " within "
                        + config.catchUpTimeout().toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        }
    }
}
