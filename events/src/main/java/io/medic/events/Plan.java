package io.medic.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code medic.plan.v1} on {@code medic.plans} (compacted), keyed by plan id: a recovery plan for
 * one incident. A plan is data: the diagnosis behind it and the ordered steps, each re-checkable; the
 * executor runs them as they are. {@link #digest} is the SHA-256 of the plan's canonical JSON without the
 * digest itself; an approval names the digest it approves. A plan that replaces an earlier one for the
 * same incident names it in {@link #supersedes}; the earlier one can no longer be approved.
 *
 * @param migrationContainer the container migrations run from (the one that failed), null for plans that
 *                           run none
 * @param database           the database the plan reads and writes, null for plans that touch none
 * @param firstSeenAt        when the incident's first crash was seen (time to recovery counts from it)
 */
public record Plan(
        String id,
        String incidentId,
        WorkloadRef workload,
        ContainerRef migrationContainer,
        DatabaseRef database,
        String diagnoser,
        Risk risk,
        String summary,
        Diagnosis diagnosis,
        List<Step> steps,
        String supersedes,
        Instant firstSeenAt,
        Instant createdAt,
        Instant expiresAt,
        String digest) implements MedicEvent {

    public Plan {
        Require.text(id, "id");
        Require.text(incidentId, "incidentId");
        Require.present(workload, "workload");
        Require.text(diagnoser, "diagnoser");
        Require.present(risk, "risk");
        summary = summary == null ? "" : summary;
        Require.present(diagnosis, "diagnosis");
        steps = Require.list(steps);
        Require.present(createdAt, "createdAt");
        Require.present(expiresAt, "expiresAt");
    }

    @Override
    public String key() {
        return id;
    }

    @Override
    public String eventId() {
        return id;
    }

    @Override
    public String subject() {
        return workload.key();
    }

    @Override
    public Instant eventTime() {
        return createdAt;
    }

    /** The diagnosis's verdict: one verdict per plan, held once. */
    public Verdict verdict() {
        return diagnosis.verdict();
    }

    /** True when the plan has something to execute. */
    public boolean executable() {
        return !steps.isEmpty();
    }

    /** This plan with its digest filled in. */
    public Plan sealed() {
        return withDigest(computeDigest());
    }

    /** SHA-256 of the canonical JSON of everything but the digest. */
    public String computeDigest() {
        return Digests.sha256Hex(EventCodec.encode(withDigest(null)));
    }

    public boolean digestValid() {
        return digest != null && digest.equals(computeDigest());
    }

    private Plan withDigest(String newDigest) {
        return new Plan(id, incidentId, workload, migrationContainer, database, diagnoser, risk, summary, diagnosis,
                steps, supersedes, firstSeenAt, createdAt, expiresAt, newDigest);
    }
}
