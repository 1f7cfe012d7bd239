package io.medic.events;

import java.time.Instant;

/**
 * {@code medic.decision.v1} on {@code medic.decisions} (compacted), keyed by plan id: who approved or
 * rejected which plan (by digest), when, and why.
 */
public record Decision(String planId, DecisionKind kind, DecisionMode mode, String by, String planDigest,
                       String comment, Instant at) {
    public Decision {
        Require.text(planId, "planId");
        Require.present(kind, "kind");
        Require.present(mode, "mode");
        Require.text(by, "by");
        Require.text(planDigest, "planDigest");
        Require.present(at, "at");
    }

    public String key() {
        return planId;
    }
}
