package io.medic.sandbox.apiserver;

/** Where {@code GET .../pods/{pod}/log} is answered from: the kubelet's log store. */
@FunctionalInterface
public interface PodLogSource {

    /**
     * The log of one container of a pod, or the error a real API server answers with.
     *
     * @param container null when the request names none (allowed when the pod has one container)
     * @param previous  the previous (terminated) instance of the container instead of the current one
     */
    PodLog read(String namespace, String pod, String container, boolean previous);
}
