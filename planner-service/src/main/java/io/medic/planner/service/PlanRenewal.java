package io.medic.planner.service;

import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.PlanBook;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code medic.planner.renew-interval}: renews expired plans of open incidents, and forgets finished plans
 * older than {@code medic.planner.view-retention} so the view stays bounded.
 */
@ApplicationScoped
public class PlanRenewal {

    private static final Logger LOG = Logger.getLogger(PlanRenewal.class);

    private final PlanningService planning;
    private final PlanBook book;
    private final PlannerConfig config;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public PlanRenewal(PlanningService planning, PlanBook book, PlannerConfig config, Clock clock) {
        this.planning = planning;
        this.book = book;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "planner-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, config.renewInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    void tick() {
        try {
            int renewed = planning.renewExpired();
            if (renewed > 0) {
                LOG.infof("renewed %d expired plan%s", renewed, renewed == 1 ? "" : "s");
            }
            book.forgetOlderThan(config.viewRetention(), clock.instant());
        } catch (RuntimeException e) {
            LOG.errorf(e, "the renewal round failed; the next one runs in %s", config.renewInterval());
        }
    }
}
