package io.medic.sandbox.apiserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each deletion asked for about the deleted object's dependents ({@code propagationPolicy}), by the
 * object's uid: the API server records it when it accepts the DELETE, the garbage collector reads it when
 * the object is gone.
 */
public final class DeletionLog {

    public enum Propagation { ORPHAN, BACKGROUND, FOREGROUND }

    private final Map<String, Propagation> byUid = new ConcurrentHashMap<>();

    void record(String uid, Propagation propagation) {
        if (uid != null && !uid.isEmpty()) {
            byUid.put(uid, propagation);
        }
    }

    /** The policy the deletion of {@code uid} asked for (removed from the log), BACKGROUND when none was recorded. */
    public Propagation take(String uid) {
        Propagation p = uid == null ? null : byUid.remove(uid);
        return p == null ? Propagation.BACKGROUND : p;
    }
}
