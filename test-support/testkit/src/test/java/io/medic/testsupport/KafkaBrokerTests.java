package io.medic.testsupport;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared broker must never outlive the JVM that started it, however that JVM ends. */
class KafkaBrokerTests {

    /** Run in a child JVM: start the broker, print its pid, then wait to be killed. */
    public static void main(String[] args) throws Exception {
        System.out.println("broker-pid " + KafkaBroker.shared().pid());
        System.out.flush();
        Thread.currentThread().join();
    }

    @Test
    void theBrokerExitsWhenItsTestJvmIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process testJvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KafkaBrokerTests.class.getName()).redirectErrorStream(true).start();
        try {
            ProcessHandle broker = ProcessHandle.of(brokerPid(testJvm)).orElseThrow();
            testJvm.destroyForcibly(); // SIGKILL: no shutdown hook runs in the test JVM
            try {
                broker.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                broker.destroyForcibly();
                throw new AssertionError("broker " + broker.pid() + " outlived its killed JVM by 30 s");
            }
            assertThat(broker.isAlive()).isFalse();
        } finally {
            testJvm.destroyForcibly();
        }
    }

    @Test
    void aRestartedBrokerKeepsWhatItAcknowledged() {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "restart-" + System.nanoTime();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(topic, "k", "before the restart", java.util.Map.of());
        }
        long before = broker.pid();
        broker.restart();
        assertThat(broker.pid()).isNotEqualTo(before);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(topic, "k", "after the restart", java.util.Map.of());
            assertThat(kafka.await(topic, 2, r -> true, java.time.Duration.ofSeconds(60)))
                    .extracting(KafkaTestClient::text).containsExactly("before the restart", "after the restart");
        }
    }

    private static long brokerPid(Process testJvm) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("broker-pid ")) {
                return Long.parseLong(line.substring("broker-pid ".length()));
            }
        }
        throw new AssertionError("the child JVM exited without starting a broker");
    }
}
