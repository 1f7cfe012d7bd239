package io.medic.notifier.service;

import io.medic.notifier.domain.CommentKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The notifier's metrics, labelled by forge name and comment state only (both bounded):
 * {@code medic_notifier_comments_posted_total}, {@code …_retried_total}, {@code …_dead_lettered_total},
 * {@code …_skipped_total} (the marker was already on the issue), {@code medic_notifier_event_to_comment_seconds}
 * (histogram: the event's own time to the comment on the forge) and
 * {@code medic_notifier_issue_references_invalid_total}.
 */
@ApplicationScoped
public class NotifierMetrics {

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void posted(String forge, CommentKind kind, Duration sinceEvent) {
        registry.counter("medic.notifier.comments.posted", "forge", forge, "state", kind.wireName()).increment();
        Timer.builder("medic.notifier.event.to.comment").description("seconds from an event to its comment on the forge")
                .tags("forge", forge, "state", kind.wireName()).publishPercentileHistogram()
                .register(registry).record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void retried(String forge, CommentKind kind) {
        registry.counter("medic.notifier.comments.retried", "forge", forge, "state", kind.wireName()).increment();
    }

    void deadLettered(String forge, CommentKind kind) {
        registry.counter("medic.notifier.comments.dead.lettered", "forge", forge, "state", kind.wireName()).increment();
    }

    void skipped(String forge, CommentKind kind) {
        registry.counter("medic.notifier.comments.skipped", "forge", forge, "state", kind.wireName()).increment();
    }

    void invalidReference() {
        registry.counter("medic.notifier.issue.references.invalid").increment();
    }
}
