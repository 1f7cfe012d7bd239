package io.medic.executor.domain;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the executor tries again: only what never reached the other side (a refused connection, here a real
 * one on a closed port), with back-off; a SQL or migration error is never tried again, it may have been applied.
 */
class RetryTests {

    private final Retry retry = new Retry(4, Duration.ofMillis(20), Duration.ofMillis(50));

    @Test
    void aRefusedConnectionIsTriedAgainWithBackOffUntilItConnects() throws Exception {
        int port = closedPort();
        AtomicInteger calls = new AtomicInteger();
        long began = System.nanoTime();
        String answer = retry.call(() -> {
            if (calls.incrementAndGet() < 3) {
                connect(port);
            }
            return "connected";
        });
        assertThat(answer).isEqualTo("connected");
        assertThat(calls).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("20 ms, then 40 ms of back-off")
                .isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }

    @Test
    void aConnectionRefusedEveryTimeFailsAfterTheLastAttemptWithThatError() {
        int port = closedPort();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            return connect(port);
        })).isInstanceOf(ConnectException.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void aSqlErrorIsNeverTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        PgException duplicate = new PgException("column \"custom_notes\" of relation \"players\" already exists", "ERROR",
                "42701", null);
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw duplicate;
        })).isSameAs(duplicate);
        assertThat(calls).hasValue(1);
        assertThat(Transient.is(new IllegalStateException("upgrade failed", duplicate))).isFalse();
    }

    @Test
    void aRefusedConnectionInsideAnotherErrorIsStillTransient() {
        assertThat(Transient.is(new IllegalStateException("cannot open a session", new ConnectException("refused")))).isTrue();
    }

    private static Object connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
        return null;
    }

    /** A port nothing listens on: bound, then closed. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
