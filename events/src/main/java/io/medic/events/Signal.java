package io.medic.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code medic.signal.v1} on {@code medic.signals}, keyed by {@code namespace/workload}: a workload
 * is crash-looping, with the evidence the planner needs. One incident (stable {@link #incidentId})
 * per workload, container and signature per episode; updates reuse the id with a higher sequence.
 */
public record Signal(
        String incidentId,
        int sequence,
        SignalKind kind,
        WorkloadRef workload,
        String workloadRevision,
        ContainerRef container,
        Termination lastTermination,
        int restartCount,
        SignatureMatch signature,
        String logExcerpt,
        List<String> recentEvents,
        Links links,
        Instant firstSeenAt,
        Instant detectedAt) implements MedicEvent {

    public Signal {
        Require.text(incidentId, "incidentId");
        Require.present(kind, "kind");
        Require.present(workload, "workload");
        Require.present(container, "container");
        Require.present(signature, "signature");
        Require.present(detectedAt, "detectedAt");
        logExcerpt = logExcerpt == null ? "" : logExcerpt;
        recentEvents = Require.list(recentEvents);
        links = links == null ? Links.NONE : links;
    }

    @Override
    public String key() {
        return workload.key();
    }

    @Override
    public String eventId() {
        return incidentId + "/" + sequence;
    }

    @Override
    public String subject() {
        return key();
    }

    @Override
    public Instant eventTime() {
        return detectedAt;
    }
}
