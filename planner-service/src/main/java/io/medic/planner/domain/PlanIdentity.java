package io.medic.planner.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medic.events.Digests;
import io.medic.events.EventCodec;
import io.medic.events.Plan;

/**
 * What makes two plans of an incident the same plan: the incident, the diagnoser, the diagnosis (the database state as the engine read it), the steps, the database and the container the
 * migrations run from (its name, kind and image, not the pod, which changes on every restart). Times,
 * summary and digest are not part of it. A redelivered or repeated signal with the same database state has
 * the same content key (a changed signature matters where it changes the diagnosis), so the planner answers with the live plan and publishes nothing.
 *
 * <p>The plan id is derived from the content key and the plan it supersedes, so a renewed plan (same content,
 * after the old one expired) gets an id of its own, and two replicas renewing the same plan agree on it.
 */
public final class PlanIdentity {

    private PlanIdentity() {
    }

    public static String contentKey(Plan plan) {
        ObjectNode content = EventCodec.mapper().createObjectNode();
        content.put("incident", plan.incidentId());
        content.put("diagnoser", plan.diagnoser());
        content.set("workload", EventCodec.mapper().valueToTree(plan.workload()));
        if (plan.migrationContainer() != null) {
            content.put("container", plan.migrationContainer().kind() + "/" + plan.migrationContainer().name() + "/"
                    + plan.migrationContainer().image());
        }
        content.set("database", EventCodec.mapper().valueToTree(plan.database()));
        content.set("diagnosis", EventCodec.mapper().valueToTree(plan.diagnosis()));
        content.set("steps", EventCodec.mapper().valueToTree(plan.steps()));
        return Digests.sha256Hex(EventCodec.encode(content));
    }

    public static String planId(String contentKey, String supersedes) {
        return "plan-" + Digests.shortSha256Hex(contentKey + "/" + (supersedes == null ? "" : supersedes), 16);
    }
}
