package io.medic.detector.domain;

import io.medic.events.ContainerKind;
import io.medic.events.Termination;

/**
 * A container of a pod that crashed, as its status shows it.
 *
 * @param kind        APP or INIT (a Job's pod is turned into JOB once its owner is known)
 * @param previousLog whether the crash's log is the previous instance's (the container restarted since)
 */
public record ContainerCrash(String namespace, String podName, String podUid, String container, ContainerKind kind,
                             String image, int restartCount, Termination lastTermination, boolean previousLog,
                             CrashPhase phase) {

    /** Identifies this very crash, so repeated status updates showing it are handled once. */
    public String crashKey() {
        String finished = lastTermination == null || lastTermination.finishedAt() == null ? "" : lastTermination.finishedAt().toString();
        return podUid + "/" + kind + "/" + container + "/" + restartCount + "/" + finished + "/" + phase;
    }
}
