package io.medic.executor.service.step;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.medic.events.Step;
import io.medic.executor.client.Workloads;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.Rollout;
import io.medic.executor.domain.StepResult;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * {@code kubectl rollout restart}: the pod template's {@code kubectl.kubernetes.io/restartedAt} annotation,
 * set to the time the step's STARTED record holds (RFC 3339, as kubectl writes it). The value is the step's
 * own, so a step left in doubt sees whether its patch landed, and a second patch would change nothing.
 */
public final class RestartWorkloadRunner implements StepRunner<Step.RestartWorkload> {

    private final Workloads workloads;

    public RestartWorkloadRunner(Workloads workloads) {
        this.workloads = workloads;
    }

    static String restartedAt(StepContext context) {
        return DateTimeFormatter.ISO_INSTANT.format(context.startedAt().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public Judgement judge(Step.RestartWorkload step, StepContext context) {
        PodTemplateSpec template = workloads.shape(step.workload()).template();
        String current = template.getMetadata() == null || template.getMetadata().getAnnotations() == null ? null
                : template.getMetadata().getAnnotations().get(Rollout.RESTARTED_AT);
        if (restartedAt(context).equals(current)) {
            return new Judgement.TookEffect("the pod template already carries " + Rollout.RESTARTED_AT + "=" + current, "");
        }
        return new Judgement.Ready("");
    }

    @Override
    public StepResult apply(Step.RestartWorkload step, StepContext context) {
        String value = restartedAt(context);
        workloads.restart(step.workload(), value);
        return StepResult.done(step.workload().kind() + " " + step.workload().key() + " pod template annotated "
                + Rollout.RESTARTED_AT + "=" + value);
    }
}
