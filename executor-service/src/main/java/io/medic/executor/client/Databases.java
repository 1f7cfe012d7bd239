package io.medic.executor.client;

import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.Retry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens {@link PgSession}s on Quarkus' Vert.x instance, retrying a connection that never got through. */
@ApplicationScoped
public class Databases {

    private final Vertx vertx;
    private final Retry retry;

    public Databases(Vertx vertx, ExecutorConfig config) {
        this.vertx = vertx;
        this.retry = new Retry(config.retry().attempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    public PgSession open(DatabaseUrl url, String purpose) {
        return retry.get(() -> PgSession.connect(vertx, url, "medic-executor " + purpose));
    }
}
