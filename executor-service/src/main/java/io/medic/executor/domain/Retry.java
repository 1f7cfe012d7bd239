package io.medic.executor.domain;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Retries an action on {@link Transient} errors only, with exponential back-off; every other error at once. */
public final class Retry {

    private final int attempts;
    private final Duration initial;
    private final Duration max;

    public Retry(int attempts, Duration initial, Duration max) {
        this.attempts = Math.max(1, attempts);
        this.initial = initial;
        this.max = max;
    }

    public <T> T call(Callable<T> action) throws Exception {
        Duration backoff = initial;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.call();
            } catch (Exception e) {
                if (attempt >= attempts || !Transient.is(e)) {
                    throw e;
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
            }
        }
    }

    /** For actions that throw only unchecked exceptions. */
    public <T> T get(Callable<T> action) {
        try {
            return call(action);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
