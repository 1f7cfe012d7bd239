package io.medic.planner.domain;

import io.medic.events.Decision;
import io.medic.events.DecisionMode;
import io.medic.events.Outcome;
import io.medic.events.Plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stops the automatic mode from healing the same workload in a loop. Counted from the workload's plans as
 * the topics hold them (so a restarted planner counts the same):
 * <ul>
 *     <li>at most {@code maxPerHour} automatic approvals per workload in any rolling hour;</li>
 *     <li>after {@code failureLimit} consecutive executions that ended FAILED or STALE, or SUCCEEDED and the
 *     workload crashed again (a new incident) within {@code blockFor}, automatic approval is blocked for
 *     {@code blockFor} from the last of them. ABORTED (refused, nothing written) and REHEARSED (dry run)
 *     executions neither count nor break the run.</li>
 * </ul>
 */
public record LoopGuard(int maxPerHour, int failureLimit, Duration blockFor) {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Why the guard tripped; the name is the bounded metric label. */
    public enum Trip {
        MAX_PER_HOUR("max-per-hour"),
        CONSECUTIVE_FAILURES("consecutive-failures");

        private final String label;

        Trip(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The guard holds the workload's plans for a person: why, in one sentence. */
    public record Hold(Trip trip, String reason) {
    }

    /**
     * @param draft the plan being made for the workload's current incident: its first crash is the latest
     *              "crashed again"
     * @param plans every plan of the workload, as the {@link PlanBook} holds them
     */
    public Optional<Hold> check(Plan draft, List<TrackedPlan> plans, Instant now) {
        String workloadKey = draft.workload().key();
        long recent = plans.stream().map(TrackedPlan::decision)
                .filter(d -> d != null && d.approves() && d.mode() == DecisionMode.AUTOMATIC)
                .map(Decision::at)
                .filter(at -> at.isAfter(now.minus(HOUR)))
                .count();
        if (recent >= maxPerHour) {
            return Optional.of(new Hold(Trip.MAX_PER_HOUR, recent + " automatic execution" + (recent == 1 ? "" : "s")
                    + " of " + workloadKey + " in the last hour (medic.planner.auto-approve.max-per-hour="
                    + maxPerHour + ")"));
        }
        List<String> failures = new ArrayList<>();
        Instant lastFailure = null;
        List<TrackedPlan> finished = plans.stream().filter(t -> t.finishedAt().isPresent())
                .sorted(Comparator.comparing((TrackedPlan t) -> t.finishedAt().orElseThrow()).reversed()).toList();
        for (TrackedPlan t : finished) {
            Outcome outcome = t.outcome().orElseThrow();
            Instant at = t.finishedAt().orElseThrow();
            String failure = switch (outcome) {
                case FAILED, STALE -> outcome.name();
                case SUCCEEDED -> crashedAgain(t, draft, plans, at) ? "SUCCEEDED but crashed again" : null;
                case ABORTED, REHEARSED -> "";
            };
            if (failure == null) {
                break;
            }
            if (failure.isEmpty()) {
                continue;
            }
            failures.add(failure);
            if (lastFailure == null) {
                lastFailure = at;
            }
            if (failures.size() >= failureLimit) {
                break;
            }
        }
        if (failures.size() >= failureLimit && lastFailure.plus(blockFor).isAfter(now)) {
            return Optional.of(new Hold(Trip.CONSECUTIVE_FAILURES, "the last " + failures.size() + " executions for "
                    + workloadKey + " ended " + String.join(", ", failures) + ": automatic approval is blocked until "
                    + lastFailure.plus(blockFor)));
        }
        return Optional.empty();
    }

    /** A later incident of the same workload (the current one included) began within {@code blockFor} after the execution ended. */
    private boolean crashedAgain(TrackedPlan executed, Plan draft, List<TrackedPlan> plans, Instant finishedAt) {
        return Stream.concat(Stream.of(draft), plans.stream().map(TrackedPlan::plan))
                .anyMatch(p -> !p.incidentId().equals(executed.plan().incidentId())
                        && p.firstSeenAt() != null
                        && p.firstSeenAt().isAfter(finishedAt)
                        && p.firstSeenAt().isBefore(finishedAt.plus(blockFor)));
    }
}
