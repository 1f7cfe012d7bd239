package io.medic.notifier.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A forge request that did not succeed, classified for the delivery: {@link #retryable()} (429, 5xx, a rate
 * limit, the network) with the wait the forge asked for, or permanent (any other 4xx). The message names the
 * request and the status, never the token.
 */
public final class ForgeException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    public ForgeException(String message, int status, boolean retryable, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no response came (connection refused, timeout). */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** What the forge's {@code Retry-After} (or rate-limit reset) asked for. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
