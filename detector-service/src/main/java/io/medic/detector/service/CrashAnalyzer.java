package io.medic.detector.service;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.detector.client.LogFetcher;
import io.medic.detector.client.RecentEvents;
import io.medic.detector.client.SignalPublisher;
import io.medic.detector.config.DetectorConfig;
import io.medic.detector.domain.Annotations;
import io.medic.detector.domain.ClusterView;
import io.medic.detector.domain.ContainerCrash;
import io.medic.detector.domain.CrashPhase;
import io.medic.detector.domain.Incident;
import io.medic.detector.domain.IncidentBook;
import io.medic.detector.domain.IncidentKey;
import io.medic.detector.domain.JobFailure;
import io.medic.detector.domain.OwnerResolver;
import io.medic.detector.domain.WorkloadResolution;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Signal;
import io.medic.events.Termination;
import io.medic.signatures.LogAnalysis;
import io.medic.signatures.LogTail;
import io.medic.signatures.SignatureMatcher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * What one crash is worth, on a worker thread: resolve the workload and its revision (old revisions and
 * ignored workloads stop here), read the crashed container's log, match the signatures, ask the incident
 * book, and publish the signal asynchronously with its evidence. A signal that cannot be published is
 * taken back from the book, so the next crash of the loop retries it.
 */
@ApplicationScoped
class CrashAnalyzer {

    private static final Logger LOG = Logger.getLogger(CrashAnalyzer.class);

    private final SignatureMatcher matcher;
    private final IncidentBook book;
    private final SignalPublisher publisher;
    private final DetectorMetrics metrics;
    private final LogFetcher logs;
    private final RecentEvents events;
    private final Clock clock;
    /** for the API call read alongside the log */
    private final ExecutorService io;

    CrashAnalyzer(SignatureMatcher matcher, IncidentBook book, SignalPublisher publisher, DetectorMetrics metrics,
                  LogFetcher logs, RecentEvents events, Clock clock, DetectorConfig config) {
        this.matcher = matcher;
        this.book = book;
        this.publisher = publisher;
        this.metrics = metrics;
        this.logs = logs;
        this.events = events;
        this.clock = clock;
        this.io = DetectionQueue.helpers(config.workers());
    }

    /** A pod's container is crash-looping (or crashed after a quiet run). {@code onLost} runs when nothing was published. */
    void podCrashed(OwnerResolver owners, Pod pod, ContainerCrash crash, Instant seenAt, Runnable onLost) {
        WorkloadResolution resolution = owners.resolve(pod);
        if (resolution.ignored() || !resolution.newest()) {
            metrics.passedOver(pod.getMetadata().getNamespace(), resolution.ignored() ? "ignored" : "old-revision");
            return;
        }
        ContainerKind kind = resolution.job() != null ? ContainerKind.JOB : crash.kind();
        IncidentKey key = new IncidentKey(resolution.workload(), kind, crash.container());
        if (crash.phase() == CrashPhase.AFTER_QUIET_RUN) {
            // it ran healthy for the quiet period: whatever was open for it is over
            book.close(incident -> incident.key().equals(key));
            return;
        }
        List<String> about = resolution.job() == null ? List.of(crash.podName()) : List.of(resolution.job(), crash.podName());
        Supplier<List<String>> recentEvents = recentEvents(key, about);
        LogAnalysis analysis = analyze(crash);
        ContainerRef container = new ContainerRef(crash.container(), kind, crash.image(), ContainerRef.tagOf(crash.image()),
                crash.podName(), resolution.job());
        decide(key, resolution, container, crash.lastTermination(), crash.restartCount(), analysis, recentEvents, seenAt, onLost);
    }

    /** A migration Job failed, or its pods have failed as often as the threshold. */
    void jobFailing(OwnerResolver owners, ClusterView cluster, Job job, Instant seenAt, Runnable onLost) {
        WorkloadResolution resolution = owners.jobs().resolve(job);
        if (resolution.ignored()) {
            metrics.passedOver(job.getMetadata().getNamespace(), "ignored");
            return;
        }
        Optional<ContainerCrash> failure = JobFailure.lastFailure(cluster.podsOf(job));
        Container template = firstContainer(job);
        if (failure.isEmpty() && template == null) {
            LOG.warnf("job %s/%s failed without a container to report", job.getMetadata().getNamespace(), job.getMetadata().getName());
            return;
        }
        String name = failure.map(ContainerCrash::container).orElse(template == null ? null : template.getName());
        String image = failure.map(ContainerCrash::image).orElse(template == null ? null : template.getImage());
        LogAnalysis analysis = failure.map(this::analyze).orElseGet(() -> matcher.analyze(null, null));
        Termination termination = failure.map(ContainerCrash::lastTermination)
                .orElse(new Termination(null, JobFailure.failedReason(job), null));
        int restarts = Math.max(JobFailure.failures(job), failure.map(ContainerCrash::restartCount).orElse(0));
        ContainerRef container = new ContainerRef(name, ContainerKind.JOB, image == null ? "unknown" : image,
                ContainerRef.tagOf(image), failure.map(ContainerCrash::podName).orElse(null), job.getMetadata().getName());
        List<String> about = new ArrayList<>(List.of(job.getMetadata().getName()));
        failure.ifPresent(f -> about.add(f.podName()));
        IncidentKey key = new IncidentKey(resolution.workload(), ContainerKind.JOB, name);
        decide(key, resolution, container, termination, restarts, analysis, recentEvents(key, about), seenAt, onLost);
    }

    /**
     * The recent events, read alongside the log when this crash will probably open an incident (nothing is
     * open for its key), so the first signal waits for one API round trip, not two; read only if needed otherwise.
     */
    private Supplier<List<String>> recentEvents(IncidentKey key, List<String> about) {
        String namespace = key.workload().namespace();
        if (book.isOpen(key)) {
            return () -> events.about(namespace, about);
        }
        CompletableFuture<List<String>> early = CompletableFuture.supplyAsync(() -> events.about(namespace, about), io);
        return () -> early.exceptionally(failure -> List.of()).join();
    }

    private LogAnalysis analyze(ContainerCrash crash) {
        Optional<LogTail> log = logs.fetch(crash.namespace(), crash.podName(), crash.container(), crash.previousLog());
        if (log.isEmpty()) {
            metrics.logFetchFailed();
        }
        String reason = crash.lastTermination() == null ? null : crash.lastTermination().reason();
        return matcher.analyze(log.map(LogTail::text).orElse(null), reason);
    }

    private void decide(IncidentKey key, WorkloadResolution resolution, ContainerRef container, Termination termination,
                        int restarts, LogAnalysis analysis, Supplier<List<String>> recentEvents, Instant seenAt,
                        Runnable onLost) {
        Instant episodeStart = termination != null && termination.finishedAt() != null
                ? termination.finishedAt() : seenAt.truncatedTo(ChronoUnit.SECONDS);
        Optional<IncidentBook.Outcome> decided = book.observe(key, resolution.revision(), analysis.signature(), restarts, episodeStart);
        if (decided.isEmpty()) {
            return;
        }
        IncidentBook.Outcome outcome = decided.get();
        Incident incident = outcome.incident();
        Signal signal = new Signal(incident.id(), incident.sequence(), outcome.kind(), resolution.workload(),
                resolution.revision(), container, termination, restarts, analysis.signature(), analysis.excerpt(),
                recentEvents.get(), Annotations.links(resolution.annotations()),
                incident.firstSeenAt(), clock.instant());
        publisher.publish(signal).whenComplete((published, failure) -> {
            if (failure != null) {
                LOG.errorf("cannot publish %s %s of %s: %s", signal.kind(), signal.incidentId(), signal.key(), failure.getMessage());
                book.rollback(outcome);
                onLost.run();
            } else {
                metrics.published(signal, Duration.between(seenAt, clock.instant()));
                LOG.infof("%s %s: %s %s container %s (%s) fired %s v%d after %d restarts", signal.kind(), signal.incidentId(),
                        signal.workload().kind(), signal.key(), container.name(), container.kind(), signal.signature().id(),
                        signal.signature().version(), restarts);
            }
        });
    }

    private static Container firstContainer(Job job) {
        if (job.getSpec() == null || job.getSpec().getTemplate() == null || job.getSpec().getTemplate().getSpec() == null) {
            return null;
        }
        List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.get(0);
    }

    @PreDestroy
    void close() {
        io.shutdownNow();
    }
}
