package io.medic.detector.domain;

import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The open incidents, one per {@link IncidentKey} per episode, and the one place that decides what a
 * crash is worth: a new incident (OPENED), news about an open one (SIGNATURE_CHANGED when the signature id
 * differs, ESCALATED when the restart count crosses a further threshold), or nothing (the same crash
 * again: never a signal per restart). A crash of a different workload revision than the open incident's
 * means the pod template changed: that episode is over and a new incident opens.
 */
public final class IncidentBook {

    private final List<Integer> escalationThresholds;
    private final Map<IncidentKey, Incident> open = new HashMap<>();

    public IncidentBook(List<Integer> escalationThresholds) {
        this.escalationThresholds = escalationThresholds.stream().filter(t -> t > 0).distinct().sorted().toList();
    }

    /** What to publish about a crash of {@code key}, if anything; the book already reflects it. */
    public synchronized Optional<Outcome> observe(IncidentKey key, String revision, SignatureMatch signature, int restarts,
                                                  Instant episodeStart) {
        Incident current = open.get(key);
        int level = level(restarts);
        if (current == null || !Objects.equals(current.revision(), revision)) {
            Incident opened = new Incident(IncidentIds.of(key, revision, signature.id(), episodeStart), key, revision, signature,
                    level, 1, episodeStart);
            open.put(key, opened);
            return Optional.of(new Outcome(SignalKind.OPENED, opened, current));
        }
        if (!current.signature().id().equals(signature.id())) {
            Incident changed = current.next(signature, Math.max(level, current.level()));
            open.put(key, changed);
            return Optional.of(new Outcome(SignalKind.SIGNATURE_CHANGED, changed, current));
        }
        if (level > current.level()) {
            Incident escalated = current.next(signature, level);
            open.put(key, escalated);
            return Optional.of(new Outcome(SignalKind.ESCALATED, escalated, current));
        }
        return Optional.empty();
    }

    /** Undoes {@code outcome} (its signal could not be published), unless the book moved on since. */
    public synchronized void rollback(Outcome outcome) {
        IncidentKey key = outcome.incident().key();
        if (outcome.incident().equals(open.get(key))) {
            if (outcome.previous() == null) {
                open.remove(key);
            } else {
                open.put(key, outcome.previous());
            }
        }
    }

    /** Ends the episodes of the incidents {@code which} selects; returns them. */
    public synchronized List<Incident> close(Predicate<Incident> which) {
        List<Incident> closed = new ArrayList<>();
        open.values().removeIf(incident -> {
            if (which.test(incident)) {
                closed.add(incident);
                return true;
            }
            return false;
        });
        return closed;
    }

    /**
     * Replaces the book by the incidents {@code signals} describe (what this detector published before it
     * restarted): for each incident id its latest signal, and for each key its most recent incident.
     */
    public synchronized void restore(Collection<Signal> signals) {
        Map<String, Signal> latestById = new HashMap<>();
        for (Signal s : signals) {
            latestById.merge(s.incidentId(), s, (a, b) -> b.sequence() >= a.sequence() ? b : a);
        }
        open.clear();
        latestById.values().stream().sorted(Comparator.comparing(Signal::detectedAt)).forEach(s -> {
            IncidentKey key = new IncidentKey(s.workload(), s.container().kind(), s.container().name());
            open.put(key, new Incident(s.incidentId(), key, s.workloadRevision(), s.signature(), level(s.restartCount()),
                    s.sequence(), s.firstSeenAt() != null ? s.firstSeenAt() : s.detectedAt()));
        });
    }

    public synchronized boolean isOpen(IncidentKey key) {
        return open.containsKey(key);
    }

    public synchronized int size() {
        return open.size();
    }

    public synchronized List<Incident> incidents() {
        return List.copyOf(open.values());
    }

    public synchronized boolean hasOpenIn(String namespace) {
        return open.keySet().stream().anyMatch(k -> k.workload().namespace().equals(namespace));
    }

    /** How many escalation thresholds {@code restarts} has reached. */
    int level(int restarts) {
        int level = 0;
        for (int threshold : escalationThresholds) {
            if (restarts >= threshold) {
                level++;
            }
        }
        return level;
    }

    /** A decision to publish: {@code previous} is what the book held for the key before (null if nothing). */
    public record Outcome(SignalKind kind, Incident incident, Incident previous) {
    }
}
