package io.medic.events;

/** Where the failing container runs; a migration step runs from that same container. */
public enum ContainerKind {
    /** A regular container of the workload's pod template. */
    APP,
    /** An init container of the workload's pod template. */
    INIT,
    /** A container of a Job (a Helm or Argo CD hook, or a plain migration Job) serving the workload. */
    JOB
}
