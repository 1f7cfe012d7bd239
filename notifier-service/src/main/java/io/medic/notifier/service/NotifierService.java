package io.medic.notifier.service;

import io.medic.events.MedicEvent;
import io.medic.notifier.domain.Comment;
import io.medic.notifier.domain.Marker;
import io.medic.notifier.domain.Story;
import io.medic.notifier.domain.StoryBook;
import io.medic.notifier.domain.StoryTeller;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the notifier does with each event: add it to the incident's story, tell the story again, and hand
 * every comment not known to be on the issue to the issue's lane. The returned stage completes when each
 * of those comments is posted or found already there, and fails with the reasons when one was given up,
 * so the listener acknowledges the record (its offset commits) or dead-letters it only then.
 */
public class NotifierService {

    private static final Logger LOG = Logger.getLogger(NotifierService.class);
    private static final int REMEMBERED = 50_000;

    private final StoryBook book;
    private final StoryTeller teller;
    private final IssueLanes lanes;
    private final NotifierMetrics metrics;
    private final CompletableFuture<Void> replayed = new CompletableFuture<>();
    /** Markers this process saw posted or already on their issue: no need to ask the forge again. */
    private final Set<Marker> onTheIssue = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Marker, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));
    private final Set<String> reported = Collections.synchronizedSet(new java.util.HashSet<>());

    public NotifierService(StoryBook book, StoryTeller teller, IssueLanes lanes, NotifierMetrics metrics) {
        this.book = book;
        this.teller = teller;
        this.lanes = lanes;
        this.metrics = metrics;
    }

    /** The start-up replay: events already on the topics rebuild the stories; nothing is posted for them here. */
    public void replay(MedicEvent event) {
        book.apply(event);
    }

    public void replayDone() {
        replayed.complete(null);
    }

    /** Blocks the (worker) thread until the start-up replay finished, or the timeout passed. */
    public void awaitReplay(Duration timeout) {
        try {
            replayed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (replayed.complete(null)) {
                LOG.warnf("the start-up replay took longer than %s; reading on with what it has", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("the start-up replay failed; reading on", e.getCause());
        }
    }

    public void stop() {
        lanes.stop();
    }

    public CompletionStage<Void> on(MedicEvent event) {
        Optional<Story> story = book.apply(event);
        if (story.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        StoryTeller.Told told = teller.tell(story.get());
        if (told.problem() != null) {
            reportOnce(story.get(), told);
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Delivered>> deliveries = new ArrayList<>();
        for (Comment comment : told.comments()) {
            if (onTheIssue.contains(comment.marker())) {
                continue;
            }
            deliveries.add(lanes.submit(comment).thenApply(delivered -> {
                if (!delivered.gaveUp()) {
                    onTheIssue.add(comment.marker());
                }
                return delivered;
            }));
        }
        return CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            List<String> reasons = deliveries.stream().map(CompletableFuture::join).filter(Delivered::gaveUp)
                    .map(Delivered::reason).toList();
            return reasons.isEmpty() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new UndeliveredComments(String.join("; ", reasons)));
        });
    }

    private void reportOnce(Story story, StoryTeller.Told told) {
        if (reported.add(story.incidentId())) {
            if (told.reference() != null) {
                metrics.invalidReference();
                LOG.warnf("incident %s of %s: medic.io/issue cannot be used (%s); its story is not posted",
                        story.incidentId(), story.workload().key(), told.problem());
            } else {
                LOG.infof("incident %s of %s: %s; its story is only logged", story.incidentId(),
                        story.workload().key(), told.problem());
            }
        }
    }

    /** The reason a record is dead-lettered: which comments were given up, and why. */
    public static final class UndeliveredComments extends RuntimeException {
        UndeliveredComments(String reasons) {
            super(reasons);
        }
    }
}
