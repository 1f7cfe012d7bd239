package io.medic.notifier.domain;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.events.SignalKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an incident's story into its comments, in the order a reader should meet them: detected, then for
 * each plan (oldest first) the comment saying the plan it replaces was superseded, the plan, its decision,
 * the rehearsal and the outcome (told only once the decision is known); a changed crash signature where it
 * happened. Each comment exists once the events it tells of are known and never changes identity (its marker), so telling the same story again
 * yields the same comments and the marker check posts only the new ones.
 */
public final class StoryTeller {

    /** Where the comments of one incident go, or why they cannot go anywhere. */
    public interface Targets {
        Resolution resolve(Story story, Signal latest);
    }

    public record Resolution(IssueTarget target, String problem) {
        public static Resolution to(IssueTarget target) {
            return new Resolution(target, null);
        }

        public static Resolution nowhere(String problem) {
            return new Resolution(null, problem);
        }
    }

    /** The comments of a story, or why there are none yet (no signal read) or none at all (no issue). */
    public record Told(List<Comment> comments, String problem, String reference) {
    }

    private final CommentRenderer renderer;
    private final Targets targets;
    private final OnRecovery onRecovery;

    public StoryTeller(CommentRenderer renderer, Targets targets, OnRecovery onRecovery) {
        this.renderer = renderer;
        this.targets = targets;
        this.onRecovery = onRecovery;
    }

    public Told tell(Story story) {
        Optional<Signal> latest = story.latestSignal();
        if (latest.isEmpty()) {
            return new Told(List.of(), null, null);
        }
        Resolution resolution = targets.resolve(story, latest.get());
        if (resolution.target() == null) {
            return new Told(List.of(), resolution.problem(), latest.get().links().issue());
        }
        IssueTarget target = resolution.target();
        List<Comment> comments = new ArrayList<>();
        Signal first = story.signals().get(0);
        comments.add(comment(target, story, null, CommentKind.DETECTED.wireName(), CommentKind.DETECTED,
                renderer.detected(first), first.detectedAt(),
                onRecovery == OnRecovery.CLOSE ? IssueAction.REOPEN_IF_MEDIC_CLOSED : IssueAction.NONE, IssueAction.NONE));
        List<Signal> changes = story.signals().stream().filter(s -> s.kind() == SignalKind.SIGNATURE_CHANGED
                && s != first).toList();
        int nextChange = 0;
        for (Plan plan : story.plans()) {
            while (nextChange < changes.size() && !changes.get(nextChange).detectedAt().isAfter(plan.createdAt())) {
                comments.add(signatureChanged(target, story, changes.get(nextChange++)));
            }
            if (plan.supersedes() != null) {
                story.plan(plan.supersedes()).ifPresent(old -> comments.add(comment(target, story, old.id(),
                        CommentKind.SUPERSEDED.wireName(), CommentKind.SUPERSEDED, renderer.superseded(old, plan),
                        plan.createdAt(), IssueAction.NONE, IssueAction.NONE)));
            }
            comments.add(comment(target, story, plan.id(), CommentKind.PLANNED.wireName(), CommentKind.PLANNED,
                    renderer.planned(plan), plan.createdAt(), IssueAction.NONE, IssueAction.NONE));
            Optional<Decision> decision = story.decision(plan.id());
            decision.ifPresent(d -> comments.add(decided(target, story, plan, d)));
            // The executor acts only on a decision, so what it did is told after the decision, even when its
            // records are read first (each topic has its own consumer): the decision is on its way.
            if (decision.isPresent()) {
                comments.addAll(executed(target, story, plan));
            }
        }
        while (nextChange < changes.size()) {
            comments.add(signatureChanged(target, story, changes.get(nextChange++)));
        }
        return new Told(comments, null, null);
    }

    private Comment signatureChanged(IssueTarget target, Story story, Signal signal) {
        return comment(target, story, null, CommentKind.SIGNATURE_CHANGED.wireName() + "-" + signal.sequence(),
                CommentKind.SIGNATURE_CHANGED, renderer.signatureChanged(signal), signal.detectedAt(),
                IssueAction.NONE, IssueAction.NONE);
    }

    private Comment decided(IssueTarget target, Story story, Plan plan, Decision decision) {
        CommentKind kind = decision.approves() ? CommentKind.APPROVED : CommentKind.REJECTED;
        return comment(target, story, plan.id(), kind.wireName(), kind, renderer.decided(plan, decision),
                decision.at(), IssueAction.NONE, IssueAction.NONE);
    }

    private List<Comment> executed(IssueTarget target, Story story, Plan plan) {
        List<Execution> records = story.executions(plan.id());
        if (records.isEmpty()) {
            return List.of();
        }
        Optional<Execution> finished = records.stream().filter(Execution::finished).findFirst();
        List<Comment> comments = new ArrayList<>();
        Optional<Instant> rehearsed = rehearsalPassed(records);
        boolean dryRun = finished.map(f -> f.outcome() == Outcome.REHEARSED).orElse(false);
        if (rehearsed.isPresent() && !dryRun) {
            comments.add(comment(target, story, plan.id(), CommentKind.REHEARSED.wireName(), CommentKind.REHEARSED,
                    renderer.rehearsed(plan, records), rehearsed.get(), IssueAction.NONE, IssueAction.NONE));
        }
        finished.ifPresent(end -> {
            CommentKind kind = switch (end.outcome()) {
                case SUCCEEDED -> CommentKind.RECOVERED;
                case FAILED -> CommentKind.FAILED;
                case STALE -> CommentKind.STALE;
                case ABORTED -> CommentKind.ABORTED;
                case REHEARSED -> CommentKind.DRY_RUN;
            };
            comments.add(comment(target, story, plan.id(), kind.wireName(), kind,
                    renderer.finished(story, plan, records, end), end.at(), IssueAction.NONE,
                    kind == CommentKind.RECOVERED ? onRecovery.action() : IssueAction.NONE));
        });
        return comments;
    }

    /**
     * When the rehearsal as a whole passed ({@code rehearse} record), or, if the executor reports only the
     * rehearsal's steps, when the real run began after rehearsal steps none of which failed.
     */
    static Optional<Instant> rehearsalPassed(List<Execution> records) {
        Optional<Execution> whole = records.stream().filter(e -> e.phase() == ExecutionPhase.REHEARSAL
                && e.stepIndex() == Execution.WHOLE_PLAN && e.status() == ExecutionStatus.SUCCEEDED).findFirst();
        if (whole.isPresent()) {
            return Optional.of(whole.get().at());
        }
        List<Execution> rehearsal = records.stream().filter(e -> e.phase() == ExecutionPhase.REHEARSAL).toList();
        if (rehearsal.isEmpty() || rehearsal.stream().anyMatch(e -> e.status() == ExecutionStatus.FAILED)) {
            return Optional.empty();
        }
        return records.stream().filter(e -> e.phase() == ExecutionPhase.LIVE && !e.finished()).findFirst()
                .map(e -> rehearsal.get(rehearsal.size() - 1).at());
    }

    private Comment comment(IssueTarget target, Story story, String planId, String state, CommentKind kind,
                            String markdown, Instant at, IssueAction before, IssueAction after) {
        Marker marker = new Marker(story.incidentId(), planId, state);
        return new Comment(target, marker, kind, markdown + "\n\n" + marker.render() + "\n", at, before, after);
    }
}
