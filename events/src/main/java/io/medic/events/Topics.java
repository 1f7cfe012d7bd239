package io.medic.events;

/** Kafka topic names. Every arrow between Medic's services is one of these topics. */
public final class Topics {
    /** detector -> planner, key {@code namespace/workload}. */
    public static final String SIGNALS = "medic.signals";
    /** planner -> approval, executor, notifier; key plan id; compacted. */
    public static final String PLANS = "medic.plans";
    /** approve / reject; key plan id; compacted. */
    public static final String DECISIONS = "medic.decisions";
    /** step started / succeeded / failed and final outcome; key plan id. */
    public static final String EXECUTIONS = "medic.executions";
    /** anything a service could not process, with the reason and the original bytes. */
    public static final String DEAD_LETTER = "medic.dead-letter";

    private Topics() {
    }
}
