package io.medic.executor.health;

import io.medic.events.Topics;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.Ledger;
import io.medic.executor.service.CatchUp;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready once the ledger ({@code medic.executions}) has been read back to the end it had at start: before that
 * the executor cannot tell a plan to resume from one to start.
 */
@Readiness
@ApplicationScoped
public class LedgerReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(LedgerReadiness.class);

    private final CatchUp catchUp;
    private final Ledger ledger;
    private final ExecutorConfig config;
    private volatile boolean readBack;

    public LedgerReadiness(CatchUp catchUp, Ledger ledger, ExecutorConfig config) {
        this.catchUp = catchUp;
        this.ledger = ledger;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Thread reader = new Thread(() -> {
            while (!readBack) {
                try {
                    catchUp.await(Topics.EXECUTIONS);
                    readBack = true;
                    LOG.infof("ledger read back from %s: %d plan(s) on record; migrations run by the %s runner%s%s",
                            Topics.EXECUTIONS, ledger.plans(), config.migrationRunner().name().toLowerCase(),
                            config.rehearse() ? ", rehearsed first" : ", not rehearsed",
                            config.dryRun() ? "; DRY RUN: nothing real is written" : "");
                } catch (RuntimeException e) {
                    LOG.warnf("reading the ledger back: %s; trying again", e.getMessage());
                }
            }
        }, "medic-ledger-read-back");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ledger read back").status(readBack).withData("plans", ledger.plans()).build();
    }
}
