package io.medic.detector.domain;

import io.medic.events.SignatureMatch;

import java.time.Instant;

/**
 * An open incident: its stable id, what it is about, the workload revision of its episode, the last
 * signature and escalation level published, and the sequence of its last signal.
 */
public record Incident(String id, IncidentKey key, String revision, SignatureMatch signature, int level, int sequence,
                       Instant firstSeenAt) {

    Incident next(SignatureMatch newSignature, int newLevel) {
        return new Incident(id, key, revision, newSignature, newLevel, sequence + 1, firstSeenAt);
    }
}
