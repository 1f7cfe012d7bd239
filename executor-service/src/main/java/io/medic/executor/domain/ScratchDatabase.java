package io.medic.executor.domain;

import io.medic.events.Digests;

/**
 * The name of a plan's rehearsal database: derived from the plan id only (hex digits), so a restarted
 * executor finds and drops a copy a crashed one left behind, and no text from the plan reaches SQL.
 */
public final class ScratchDatabase {

    public static final String PREFIX = "medic_rehearsal_";

    private ScratchDatabase() {
    }

    public static String nameFor(String planId) {
        return PREFIX + Digests.shortSha256Hex(planId, 16);
    }

    public static boolean isScratchName(String name) {
        return name.matches(PREFIX + "[0-9a-f]{16}");
    }
}
