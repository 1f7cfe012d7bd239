package io.medic.notifier.service;

import io.medic.notifier.client.ForgeClient;
import io.medic.notifier.client.ForgeComment;
import io.medic.notifier.client.ForgeException;
import io.medic.notifier.client.Forges;
import io.medic.notifier.client.IssueState;
import io.medic.notifier.domain.Backoff;
import io.medic.notifier.domain.Comment;
import io.medic.notifier.domain.CommentKind;
import io.medic.notifier.domain.IssueAction;
import io.medic.notifier.domain.IssueRef;
import io.medic.notifier.domain.IssueTarget;
import io.medic.notifier.domain.Marker;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Delivers one comment exactly once: resolve the issue (opening one if so configured), list the issue's
 * comments (every page) and post only if the marker is not there yet, with the lifecycle actions around it.
 * 429, 5xx and network failures are retried with back-off ({@link Backoff}); any other 4xx gives up at once.
 * Runs on the issue's own lane, so its waits delay nobody else.
 */
public class CommentDelivery {

    private static final Logger LOG = Logger.getLogger(CommentDelivery.class);

    private final Forges forges;
    private final Backoff backoff;
    private final int maxAttempts;
    private final String recoveredLabel;
    private final NotifierMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    /** Issues opened for workloads, so later comments find them without a search. */
    private final Map<String, IssueRef> opened = new ConcurrentHashMap<>();

    /** Waits between attempts; a test may count the waits instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public CommentDelivery(Forges forges, Backoff backoff, int maxAttempts, String recoveredLabel,
                           NotifierMetrics metrics, Clock clock, RandomGenerator random, Sleeper sleeper) {
        this.forges = forges;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.recoveredLabel = recoveredLabel;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.sleeper = sleeper;
    }

    /** Delivers {@code comment}; never throws. */
    public Delivered deliver(Comment comment) {
        String forgeName = comment.target().forge();
        Optional<ForgeClient> client = forges.client(forgeName);
        if (client.isEmpty()) {
            metrics.deadLettered(forgeName, comment.kind());
            return Delivered.gaveUp("no forge named '" + forgeName + "' is configured");
        }
        ForgeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                Delivered delivered = attempt(client.get(), comment);
                if (delivered.result() == Delivered.Result.POSTED) {
                    metrics.posted(forgeName, comment.kind(), Duration.between(comment.eventTime(), clock.instant()));
                } else {
                    metrics.skipped(forgeName, comment.kind());
                }
                return delivered;
            } catch (ForgeException e) {
                last = e;
                if (!e.retryable()) {
                    LOG.warnf("comment %s on %s refused: %s", comment.marker(), comment.target().key(), e.getMessage());
                    metrics.deadLettered(forgeName, comment.kind());
                    return Delivered.gaveUp(describe(comment) + " refused: " + e.getMessage());
                }
                if (attempt == maxAttempts) {
                    break;
                }
                Duration wait = backoff.delay(attempt, e.retryAfter(), random);
                LOG.infof("comment %s on %s: %s; attempt %d of %d in %d ms", comment.marker(), comment.target().key(),
                        e.getMessage(), attempt + 1, maxAttempts, wait.toMillis());
                metrics.retried(forgeName, comment.kind());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Delivered.gaveUp(describe(comment) + " interrupted while waiting to retry (shutting down)");
                }
            }
        }
        LOG.warnf("comment %s on %s: giving up after %d attempts: %s", comment.marker(), comment.target().key(),
                maxAttempts, last.getMessage());
        metrics.deadLettered(forgeName, comment.kind());
        return Delivered.gaveUp(describe(comment) + " not posted after " + maxAttempts + " attempts: " + last.getMessage());
    }

    private Delivered attempt(ForgeClient client, Comment comment) {
        IssueRef issue = resolve(client, comment.target());
        List<ForgeComment> existing = client.comments(issue);
        List<Marker> markers = new ArrayList<>();
        existing.forEach(c -> Marker.of(c.body()).ifPresent(markers::add));
        boolean there = markers.contains(comment.marker());
        if (!there && comment.before() == IssueAction.REOPEN_IF_MEDIC_CLOSED) {
            reopenIfMedicClosed(client, issue, comment, markers);
        }
        if (!there) {
            client.createComment(issue, comment.body());
            LOG.infof("posted %s on %s", comment.marker(), issue.key());
        }
        boolean lastIsOurs = there && !existing.isEmpty()
                && Marker.of(existing.get(existing.size() - 1).body()).filter(comment.marker()::equals).isPresent();
        if (comment.after() != IssueAction.NONE && (!there || lastIsOurs)) {
            switch (comment.after()) {
                case LABEL -> client.addLabel(issue, recoveredLabel);
                case CLOSE -> client.setOpen(issue, false);
                case NONE, REOPEN_IF_MEDIC_CLOSED -> {
                }
            }
        }
        return there ? Delivered.alreadyThere() : Delivered.posted();
    }

    /**
     * A closed issue whose last Medic comment is the recovered comment of an earlier incident was closed by Medic
     * ({@code on-recovery=close}): the new incident reopens it. An issue a person closed otherwise stays closed.
     */
    private static void reopenIfMedicClosed(ForgeClient client, IssueRef issue, Comment comment, List<Marker> markers) {
        if (markers.isEmpty()) {
            return;
        }
        Marker lastOurs = markers.get(markers.size() - 1);
        if (!lastOurs.state().equals(CommentKind.RECOVERED.wireName())
                || lastOurs.incident().equals(comment.marker().incident())) {
            return;
        }
        IssueState state = client.issue(issue);
        if (!state.open()) {
            client.setOpen(issue, true);
            LOG.infof("reopened %s: incident %s of the same workload", issue.key(), comment.marker().incident());
        }
    }

    private IssueRef resolve(ForgeClient client, IssueTarget target) {
        return switch (target) {
            case IssueTarget.Linked linked -> linked.issue();
            case IssueTarget.ToOpen open -> opened.computeIfAbsent(open.key(), k -> {
                long number = client.findOpenIssue(open.owner(), open.repo(), open.workloadMarker())
                        .orElseGet(() -> {
                            long created = client.createIssue(open.owner(), open.repo(), open.title(),
                                    openedBody(open), open.labels());
                            LOG.infof("opened %s/%s#%d for %s", open.owner(), open.repo(), created, open.workload().key());
                            return created;
                        });
                return new IssueRef(open.forge(), open.owner(), open.repo(), number);
            });
        };
    }

    static String openedBody(IssueTarget.ToOpen open) {
        return "Medic opened this issue because the workload `" + open.workload().key().replace("`", "'")
                + "` has no `medic.io/issue` annotation. The incident's story follows in the comments; annotate the"
                + " workload with `medic.io/issue: owner/repo#number` to have Medic report on an issue of your choice.\n\n"
                + open.workloadMarker() + "\n";
    }

    private static String describe(Comment comment) {
        return "comment '" + comment.marker().state() + "' of incident " + comment.marker().incident() + " on "
                + comment.target().key();
    }
}
