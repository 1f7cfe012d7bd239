package io.medic.detector.service;

import io.medic.detector.client.ClusterInformers;
import io.medic.detector.client.IncidentHistory;
import io.medic.detector.client.InformerFactory;
import io.medic.detector.client.SignalPublisher;
import io.medic.detector.config.DetectorConfig;
import io.medic.detector.domain.IncidentBook;
import io.medic.events.Signal;
import io.medic.signatures.SignatureMatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts the detector after the application is up, in this order: rebuild the open incidents from what it
 * published to medic.signals (so a restart announces nothing twice), warm up ({@link WarmUp}), start the
 * informers (lookup caches first), then end the restored incidents whose workload is gone. Retries until it succeeds; the detector is
 * ready (readiness check "detector") once its informers have synced, and not once one of them has stopped.
 */
@ApplicationScoped
public class DetectorLifecycle {

    private static final Logger LOG = Logger.getLogger(DetectorLifecycle.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final CrashTriage triage;
    private final InformerFactory informerFactory;
    private final IncidentBook book;
    private final DetectorConfig config;
    private final IncidentHistory history;
    private final SignalPublisher publisher;
    private final SignatureMatcher matcher;
    private volatile ClusterInformers cluster;
    private volatile boolean shuttingDown;

    public DetectorLifecycle(CrashTriage triage, InformerFactory informerFactory, IncidentBook book, DetectorConfig config,
                             IncidentHistory history, SignalPublisher publisher, SignatureMatcher matcher) {
        this.triage = triage;
        this.informerFactory = informerFactory;
        this.book = book;
        this.config = config;
        this.publisher = publisher;
        this.matcher = matcher;
        this.history = history;
    }

    void onStart(@Observes StartupEvent event) {
        Thread starter = new Thread(this::startUntilStarted, "medic-detector-start");
        starter.setDaemon(true);
        starter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        shuttingDown = true;
        stop();
    }

    /** Rebuilds the book from Kafka and starts watching; returns once the informers have synced. */
    public synchronized void start() throws Exception {
        if (cluster != null) {
            return;
        }
        List<Signal> published = history.load();
        book.restore(published);
        WarmUp.run(publisher, matcher);
        ClusterInformers informers = informerFactory.create();
        triage.watch(informers);
        try {
            informers.start().get(SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            triage.stop();
            informers.close();
            throw e;
        }
        cluster = informers;
        triage.reconcileRestored();
        LOG.infof("detector started: %d incident(s) open from %d published signal(s); watching %s", book.size(),
                published.size(), config.namespaces().map(n -> "namespaces " + n).orElse("all namespaces"));
    }

    /** Stops watching; the open incidents stay in Kafka for the next start. */
    public synchronized void stop() {
        triage.stop();
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** Started, every informer synced, none stopped. */
    public boolean ready() {
        ClusterInformers informers = cluster;
        return informers != null && informers.synced() && informers.stopped().isEmpty();
    }

    /** The informers that stopped on their own since the detector started ({@code name -> why}); empty otherwise. */
    public Map<String, String> stoppedInformers() {
        ClusterInformers informers = cluster;
        return informers == null ? Map.of() : informers.stopped();
    }

    private void startUntilStarted() {
        long backoff = 1000;
        while (!shuttingDown) {
            try {
                start();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                String reason = e instanceof ExecutionException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                LOG.errorf("detector cannot start yet (retrying in %d ms): %s", backoff, reason);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }
}
