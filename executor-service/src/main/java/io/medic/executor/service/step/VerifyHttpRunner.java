package io.medic.executor.service.step;

import io.fabric8.kubernetes.api.model.Pod;
import io.medic.events.Step;
import io.medic.executor.client.HttpProbe;
import io.medic.executor.client.Workloads;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.Rollout;
import io.medic.executor.domain.StepResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every Ready pod of the workload answers {@code GET http://{podIP}:{port}{path}} with the expected status,
 * asked again until the timeout (a pod just Ready may still be warming up). Read-only.
 */
public final class VerifyHttpRunner implements StepRunner<Step.VerifyHttp> {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PER_REQUEST = Duration.ofSeconds(5);
    private static final Duration MIN_REQUEST = Duration.ofSeconds(1);

    private final Workloads workloads;
    private final HttpProbe probe;

    public VerifyHttpRunner(Workloads workloads, HttpProbe probe) {
        this.workloads = workloads;
        this.probe = probe;
    }

    @Override
    public Judgement judge(Step.VerifyHttp step, StepContext context) {
        return new Judgement.Ready("read-only");
    }

    @Override
    public StepResult apply(Step.VerifyHttp step, StepContext context) {
        long deadline = System.nanoTime() + step.timeout().toNanos();
        String last = "no Ready pod to ask";
        while (true) {
            Rollout rollout = workloads.rollout(step.workload());
            List<Pod> ready = Stream.concat(rollout.newPods().stream(), rollout.oldPods().stream())
                    .filter(Rollout::ready).toList();
            if (!ready.isEmpty()) {
                List<String> wrong = new ArrayList<>();
                for (Pod pod : ready) {
                    String ip = pod.getStatus().getPodIP();
                    if (ip == null || ip.isBlank()) {
                        wrong.add(pod.getMetadata().getName() + ": no pod IP");
                        continue;
                    }
                    // each request gets at least a second, so the last one before the deadline is a real question
                    Duration left = Duration.ofNanos(Math.max(MIN_REQUEST.toNanos(), deadline - System.nanoTime()));
                    HttpProbe.Answer answer = probe.get(ip, step.port(), step.path(), left.compareTo(PER_REQUEST) < 0 ? left : PER_REQUEST);
                    if (!answer.answered() || answer.status() != step.expectedStatus()) {
                        wrong.add(pod.getMetadata().getName() + " (" + ip + "): " + answer);
                    }
                }
                if (wrong.isEmpty()) {
                    return StepResult.done("HTTP " + step.expectedStatus() + " from " + step.path() + " on port " + step.port()
                            + " of " + ready.size() + " Ready pod(s)");
                }
                last = String.join("; ", wrong);
            }
            if (System.nanoTime() > deadline) {
                return StepResult.failed("expected HTTP " + step.expectedStatus() + " from " + step.path() + " on port "
                        + step.port() + " within " + step.timeout().toSeconds() + "s: " + last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StepResult.failed("interrupted");
            }
        }
    }
}
