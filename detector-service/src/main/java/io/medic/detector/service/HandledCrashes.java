package io.medic.detector.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which crash each container (or Job) was last handled for, so the several status updates showing one
 * crash (terminated, then waiting in back-off) cost one log fetch. Forgotten when the object is deleted.
 */
final class HandledCrashes {

    private final Map<String, Map<String, String>> byObject = new ConcurrentHashMap<>();

    /** True the first time {@code crash} is seen for {@code part} of object {@code uid}. */
    boolean first(String uid, String part, String crash) {
        return !crash.equals(byObject.computeIfAbsent(uid, u -> new ConcurrentHashMap<>()).put(part, crash));
    }

    /** Lets {@code crash} be handled again (its detection was dropped or could not publish). */
    void retry(String uid, String part, String crash) {
        Map<String, String> parts = byObject.get(uid);
        if (parts != null) {
            parts.remove(part, crash);
        }
    }

    void forget(String uid) {
        byObject.remove(uid);
    }

    void clear() {
        byObject.clear();
    }
}
