package io.medic.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test at the shared real broker. The broker outlives the Quarkus application (it is
 * reused by every test class of the JVM), so {@link #stop()} leaves it running.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes; it stops with the JVM
    }
}
