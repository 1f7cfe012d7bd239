package io.medic.detector.domain;

import io.medic.events.Digests;

import java.time.Instant;

/**
 * Incident ids derived from what the incident is (workload, container, revision, first signature, episode
 * start), so
 * the same incident gets the same id whoever computes it and whenever: two detector replicas, or one
 * detector before and after a restart, agree, and consumers can drop duplicates by CloudEvent id.
 */
public final class IncidentIds {

    private IncidentIds() {
    }

    public static String of(IncidentKey key, String revision, String signatureId, Instant episodeStart) {
        String identity = key.workload().namespace() + "/" + key.workload().kind() + "/" + key.workload().name()
                + "|" + key.kind() + "/" + key.container() + "|" + revision + "|" + signatureId + "|" + episodeStart;
        return "inc-" + Digests.shortSha256Hex(identity, 16);
    }
}
