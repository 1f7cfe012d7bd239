package io.medic.detector.domain;

/** Where a crashing container stands against the detection rule. */
public enum CrashPhase {
    /** Crashing, but fewer restarts than the threshold: not (yet) a crash loop. */
    BELOW_THRESHOLD,
    /** Crash-looping: at or over the threshold, after a short run. */
    LOOPING,
    /** Crashed after running at least the quiet period: the previous episode is over, a new one may begin. */
    AFTER_QUIET_RUN
}
