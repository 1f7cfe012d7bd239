package io.medic.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code medic.plan.v1} on {@code medic.plans} (compacted), keyed by plan id: a recovery plan for
 * one incident. A plan is data: ordered steps, each re-checkable; the executor runs them as they are.
 * {@link #digest} is the SHA-256 of the plan's canonical JSON without the digest itself; an
 * approval names the digest it approves.
 */
public record Plan(
        String id,
        String incidentId,
        WorkloadRef workload,
        ContainerRef migrationContainer,
        String diagnoser,
        Verdict verdict,
        Risk risk,
        String summary,
        Diagnosis diagnosis,
        List<Step> steps,
        String supersedes,
        Instant createdAt,
        Instant expiresAt,
        String digest) {

    public Plan {
        Require.text(id, "id");
        Require.text(incidentId, "incidentId");
        Require.present(workload, "workload");
        Require.text(diagnoser, "diagnoser");
        Require.present(verdict, "verdict");
        Require.present(risk, "risk");
        summary = summary == null ? "" : summary;
        steps = Require.list(steps);
        Require.present(createdAt, "createdAt");
        Require.present(expiresAt, "expiresAt");
    }

    public String key() {
        return id;
    }

    /** This plan with its digest filled in. */
    public Plan sealed() {
        return new Plan(id, incidentId, workload, migrationContainer, diagnoser, verdict, risk, summary, diagnosis,
                steps, supersedes, createdAt, expiresAt, computeDigest());
    }

    /** SHA-256 of the canonical JSON of everything but the digest. */
    public String computeDigest() {
        Plan unsealed = new Plan(id, incidentId, workload, migrationContainer, diagnoser, verdict, risk, summary,
                diagnosis, steps, supersedes, createdAt, expiresAt, null);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(EventCodec.encode(unsealed));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public boolean digestValid() {
        return digest != null && digest.equals(computeDigest());
    }
}
