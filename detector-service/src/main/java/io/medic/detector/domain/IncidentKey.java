package io.medic.detector.domain;

import io.medic.events.ContainerKind;
import io.medic.events.WorkloadRef;

/** What an incident is about: a workload's container (app, init, or a Job serving the workload). */
public record IncidentKey(WorkloadRef workload, ContainerKind kind, String container) {
}
