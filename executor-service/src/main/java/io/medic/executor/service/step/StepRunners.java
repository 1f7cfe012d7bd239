package io.medic.executor.service.step;

import io.medic.events.Step;
import io.medic.executor.client.HttpProbe;
import io.medic.executor.client.Workloads;
import io.medic.executor.client.migration.MigrationRunner;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

/**
 * One runner per step type, chosen by an exhaustive switch over the sealed {@link Step}: a new step record
 * does not compile until it has a runner here.
 */
public final class StepRunners {

    private final VerifyPreconditionRunner precondition = new VerifyPreconditionRunner();
    private final AlembicStampRunner stamp = new AlembicStampRunner();
    private final AlembicUpgradeRunner upgrade;
    private final RestartWorkloadRunner restart;
    private final AwaitRolloutRunner rollout;
    private final VerifyHttpRunner http;
    private final VerifyPostconditionRunner postcondition = new VerifyPostconditionRunner();
    private final RollForwardImageRunner image;

    public StepRunners(MigrationRunner migrations, Workloads workloads, HttpProbe probe) {
        this.upgrade = new AlembicUpgradeRunner(migrations);
        this.restart = new RestartWorkloadRunner(workloads);
        this.rollout = new AwaitRolloutRunner(workloads);
        this.http = new VerifyHttpRunner(workloads, probe);
        this.image = new RollForwardImageRunner(workloads);
    }

    /** A step with its runner, ready to be judged and applied. */
    public interface Bound {
        Judgement judge(StepContext context);

        StepResult apply(StepContext context);
    }

    public Bound bind(Step step) {
        return switch (step) {
            case Step.VerifyPrecondition s -> bound(precondition, s);
            case Step.AlembicStamp s -> bound(stamp, s);
            case Step.AlembicUpgrade s -> bound(upgrade, s);
            case Step.RestartWorkload s -> bound(restart, s);
            case Step.AwaitRollout s -> bound(rollout, s);
            case Step.VerifyHttp s -> bound(http, s);
            case Step.VerifyPostcondition s -> bound(postcondition, s);
            case Step.RollForwardImage s -> bound(image, s);
        };
    }

    private static <S extends Step> Bound bound(StepRunner<S> runner, S step) {
        return new Bound() {
            @Override
            public Judgement judge(StepContext context) {
                return runner.judge(step, context);
            }

            @Override
            public StepResult apply(StepContext context) {
                return runner.apply(step, context);
            }
        };
    }
}
