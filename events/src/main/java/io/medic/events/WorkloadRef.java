package io.medic.events;

/** The workload an incident belongs to: the owner at the top of the pod's owner chain. */
public record WorkloadRef(String namespace, String kind, String name) {
    public WorkloadRef {
        Require.text(namespace, "workload.namespace");
        Require.text(kind, "workload.kind");
        Require.text(name, "workload.name");
    }

    /** The Kafka key of signals: {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
