package io.medic.executor.service.step;

import io.fabric8.kubernetes.api.model.Container;
import io.medic.events.Step;
import io.medic.executor.client.Workloads;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

/**
 * Sets one container's image in the workload's pod template (only ever on a person's approval: the gate
 * refuses an automatic one). Already the new image: took effect. Neither the old nor the new one: STALE.
 */
public final class RollForwardImageRunner implements StepRunner<Step.RollForwardImage> {

    private final Workloads workloads;

    public RollForwardImageRunner(Workloads workloads) {
        this.workloads = workloads;
    }

    @Override
    public Judgement judge(Step.RollForwardImage step, StepContext context) {
        String current = workloads.shape(step.workload()).template().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(step.container())).map(Container::getImage).findFirst().orElse(null);
        if (current == null) {
            return new Judgement.Stale(step.workload().key() + " has no container " + step.container());
        }
        if (current.equals(step.toImage())) {
            return new Judgement.TookEffect("container " + step.container() + " already runs " + current, "");
        }
        if (step.fromImage() != null && !current.equals(step.fromImage())) {
            return new Judgement.Stale("container " + step.container() + " runs " + current + ", the plan expects "
                    + step.fromImage());
        }
        return new Judgement.Ready(current);
    }

    @Override
    public StepResult apply(Step.RollForwardImage step, StepContext context) {
        workloads.setImage(step.workload(), step.container(), step.toImage());
        return StepResult.done("image of " + step.workload().key() + "/" + step.container() + ": "
                + (step.fromImage() == null ? "" : step.fromImage() + " -> ") + step.toImage());
    }
}
