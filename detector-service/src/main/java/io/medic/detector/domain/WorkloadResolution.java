package io.medic.detector.domain;

import io.medic.events.WorkloadRef;

import java.util.Map;

/**
 * The workload a crashing pod (or failed Job) belongs to, as its owner chain resolves.
 *
 * @param revision    the workload's revision the pod runs (pod-template-hash, controller-revision-hash, or a
 *                    Job's template hash); null when it cannot be told
 * @param newest      whether that revision is the workload's current one (old ReplicaSets' pods are not the incident)
 * @param annotations the annotations that link and steer it: the workload's, completed by the Job's and the pod's
 * @param ignored     whether any object of the chain is annotated {@code medic.io/ignore: "true"}
 * @param job         the Job that ran the container, when the container is a Job's
 */
public record WorkloadResolution(WorkloadRef workload, String revision, boolean newest, Map<String, String> annotations,
                                 boolean ignored, String job) {
    public WorkloadResolution {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
