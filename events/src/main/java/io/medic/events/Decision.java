package io.medic.events;

import java.time.Instant;

/**
 * {@code medic.decision.v1} on {@code medic.decisions} (compacted), keyed by plan id: who approved or
 * rejected which plan (by digest), when, and why. An automatic decision names the policy that made it.
 */
public record Decision(String planId, DecisionKind kind, DecisionMode mode, String by, String planDigest,
                       String comment, String policy, Instant at) implements MedicEvent {
    public Decision {
        Require.text(planId, "planId");
        Require.present(kind, "kind");
        Require.present(mode, "mode");
        Require.text(by, "by");
        Require.text(planDigest, "planDigest");
        Require.present(at, "at");
        comment = comment == null ? "" : comment;
        if (mode == DecisionMode.AUTOMATIC) {
            Require.text(policy, "policy");
        }
    }

    @Override
    public String key() {
        return planId;
    }

    @Override
    public String eventId() {
        return planId + "/" + kind + "/" + by;
    }

    @Override
    public String subject() {
        return planId;
    }

    @Override
    public Instant eventTime() {
        return at;
    }

    public boolean approves() {
        return kind == DecisionKind.APPROVE;
    }
}
