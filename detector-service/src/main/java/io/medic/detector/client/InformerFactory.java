package io.medic.detector.client;

/**
 * Makes the detector's informers for one start, with their event handlers attached: Fabric8 informers
 * cannot be started again once stopped, so every start of the detector gets new ones.
 */
@FunctionalInterface
public interface InformerFactory {

    ClusterInformers create();
}
