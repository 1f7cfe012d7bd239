package io.medic.executor.service.step;

import io.fabric8.kubernetes.api.model.Pod;
import io.medic.events.Step;
import io.medic.executor.client.Workloads;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.Rollout;
import io.medic.executor.domain.StepResult;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Waits for the workload's new pods (made from its current template) to be Ready, as many as it wants, with
 * no old pod left, then watches them for the settle period: a restart, or a pod no longer Ready, fails the
 * step (a crash loop that needs a few seconds to show is not a recovery). Read-only.
 */
public final class AwaitRolloutRunner implements StepRunner<Step.AwaitRollout> {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Workloads workloads;

    public AwaitRolloutRunner(Workloads workloads) {
        this.workloads = workloads;
    }

    @Override
    public Judgement judge(Step.AwaitRollout step, StepContext context) {
        return new Judgement.Ready("read-only");
    }

    @Override
    public StepResult apply(Step.AwaitRollout step, StepContext context) {
        long deadline = System.nanoTime() + step.timeout().toNanos();
        Rollout rollout = workloads.rollout(step.workload());
        while (!rollout.complete()) {
            if (System.nanoTime() > deadline) {
                return StepResult.failed(step.workload().key() + " did not roll out within " + step.timeout().toSeconds()
                        + "s: " + rollout.describe());
            }
            pause();
            rollout = workloads.rollout(step.workload());
        }
        Map<String, Integer> baseline = rollout.readyNewPods().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Rollout::restarts));
        long settled = System.nanoTime() + step.settle().toNanos();
        while (System.nanoTime() < settled) {
            pause();
            Map<String, Pod> now = workloads.rollout(step.workload()).newPods().stream()
                    .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a, HashMap::new));
            Optional<String> trouble = trouble(baseline, now);
            if (trouble.isPresent()) {
                return StepResult.failed(step.workload().key() + " rolled out but did not stay up: " + trouble.get());
            }
        }
        return StepResult.done(baseline.size() + " new pod(s) of " + step.workload().key() + " Ready ("
                + String.join(", ", baseline.keySet().stream().sorted().toList()) + "), no restart for "
                + step.settle().toSeconds() + "s");
    }

    static Optional<String> trouble(Map<String, Integer> baseline, Map<String, Pod> now) {
        for (Map.Entry<String, Integer> pod : baseline.entrySet()) {
            Pod current = now.get(pod.getKey());
            if (current == null) {
                return Optional.of("pod " + pod.getKey() + " went away during the settle period");
            }
            int restarts = Rollout.restarts(current);
            if (restarts > pod.getValue()) {
                return Optional.of("pod " + pod.getKey() + " restarted during the settle period (restarts "
                        + pod.getValue() + " -> " + restarts + ")");
            }
            if (!Rollout.ready(current)) {
                return Optional.of("pod " + pod.getKey() + " is no longer Ready");
            }
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a rollout", e);
        }
    }
}
