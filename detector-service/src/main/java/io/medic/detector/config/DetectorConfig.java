package io.medic.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code medic.detector.*}: what the detector watches, when a crash is an incident, how much evidence it reads. */
@ConfigMapping(prefix = "medic.detector")
public interface DetectorConfig {

    /** Restarts of a container before its crash loop is an incident (the seed incident: 32 before a human looked). */
    @WithDefault("2")
    int restartThreshold();

    /** A pod Ready this long (the kubelet's back-off reset) ends an episode; a crash after such a run starts a new one. */
    @WithDefault("PT10M")
    Duration quietPeriod();

    /** Namespaces to watch; all when unset. */
    Optional<List<String>> namespaces();

    /** Namespaces never reported, even when all are watched (e.g. kube-system). */
    Optional<List<String>> excludedNamespaces();

    /** Only pods and Jobs matching this label selector are watched. */
    Optional<String> labelSelector();

    /** Lines read from the end of the crashed container's log. */
    @WithDefault("200")
    int logTailLines();

    /** Bytes kept from the end of that log, however long its lines. */
    @WithDefault("65536")
    int logMaxBytes();

    /** Bytes of redacted log excerpt published on a signal. */
    @WithDefault("8192")
    int excerptMaxBytes();

    /** Restart counts at which an open incident is escalated (one update each). */
    @WithDefault("10,30,100")
    List<Integer> escalationThresholds();

    /** A YAML file of user signatures, added to (or replacing) the built-in ones; see bin/medic signatures. */
    Optional<Path> signaturesFile();

    /** How many recent Kubernetes events go with a signal. */
    @WithDefault("10")
    int recentEvents();

    /** How far back medic.signals is read at start-up to rebuild the open incidents. */
    @WithDefault("P7D")
    Duration incidentLookback();

    /**
     * Threads reading logs and publishing (crashes of one workload are handled in order on one of them). They
     * mostly wait on the API server, so there are more of them than cores.
     */
    @WithDefault("16")
    int workers();

    /** Detections waiting per worker before new ones are dropped (and counted); a crash loop shows again. */
    @WithDefault("2048")
    int queueCapacity();
}
