package io.medic.executor.service.step;

import io.medic.events.Step;
import io.medic.executor.domain.Judgement;
import io.medic.executor.domain.StepResult;

/**
 * Runs one type of step, in two questions (Alembic's HeadMaintainer.update_to_step asks the same of each
 * migration step): {@link #judge} what the live state says of this step (its effect is already there, it
 * may act, or the state is neither before nor after it); then {@link #apply} acts once. Read-only steps are
 * always ready: checking again changes nothing.
 */
public interface StepRunner<S extends Step> {

    Judgement judge(S step, StepContext context);

    StepResult apply(S step, StepContext context);
}
