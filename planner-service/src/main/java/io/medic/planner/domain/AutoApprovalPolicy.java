package io.medic.planner.domain;

import io.medic.events.Plan;
import io.medic.events.Risk;

import java.util.Optional;

/**
 * The automatic mode's policy: a plan with something to execute is approved when its risk is within
 * {@code medic.planner.auto-approve.max-risk}, narrowed by {@code medic.io/auto-approve} on the namespace and on
 * the workload, and the loop guard has not tripped for the workload. HIGH never is.
 */
public final class AutoApprovalPolicy {

    private AutoApprovalPolicy() {
    }

    /**
     * @param configured    {@code medic.planner.auto-approve.max-risk}
     * @param namespaceNote the namespace's {@code medic.io/auto-approve}, or null
     * @param workloadNote  the workload's {@code medic.io/auto-approve}, or null
     * @param guard         the loop guard's verdict for the workload
     */
    public static AutoApproval evaluate(Plan plan, AutoApproveLevel configured, String namespaceNote, String workloadNote,
                                 Optional<LoopGuard.Hold> guard) {
        if (!plan.executable()) {
            return new AutoApproval.NotApplicable();
        }
        Risk risk = plan.risk();
        AutoApproveLevel level = configured;
        String source = "medic.planner.auto-approve";
        Level ns = narrow(level, namespaceNote, "namespace " + plan.workload().namespace());
        if (ns.level != level) {
            level = ns.level;
            source = ns.source;
        }
        Level wl = narrow(level, workloadNote, plan.workload().kind() + " " + plan.workload().key());
        if (wl.level != level) {
            level = wl.level;
            source = wl.source;
        }
        if (risk == Risk.HIGH) {
            return new AutoApproval.Hold("risk HIGH (an image change) is never approved automatically", Optional.empty());
        }
        if (!level.allows(risk)) {
            return new AutoApproval.Hold("risk " + risk + " is above the automatic mode's max-risk=" + level + " (" + source + ")",
                    Optional.empty());
        }
        if (guard.isPresent()) {
            return new AutoApproval.Hold("loop guard: " + guard.get().reason(), Optional.of(guard.get().trip()));
        }
        return new AutoApproval.Approve("max-risk=" + level + " (" + source + ")", "risk " + risk + " is within the policy");
    }

    private record Level(AutoApproveLevel level, String source) {
    }

    private static Level narrow(AutoApproveLevel current, String annotation, String where) {
        if (annotation == null || annotation.isBlank()) {
            return new Level(current, null);
        }
        String source = PlannerAnnotations.AUTO_APPROVE + "=" + annotation.strip() + " on " + where;
        AutoApproveLevel asked = AutoApproveLevel.parse(annotation)
                .orElse(AutoApproveLevel.NONE);  // an unreadable narrowing narrows to nothing, the safe side
        AutoApproveLevel narrowed = current.narrowedTo(asked);
        return new Level(narrowed, narrowed == current ? null : source);
    }
}
