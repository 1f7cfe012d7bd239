package io.medic.planner.client;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One lock per cached repository (clone URL), holding when it was last fetched. */
final class GitRepositories {

    /** Held while a repository is created or fetched. */
    static final class Lock {
        Instant lastFetch;
    }

    private final ConcurrentMap<String, Lock> locks = new ConcurrentHashMap<>();

    Lock lockFor(String url) {
        return locks.computeIfAbsent(url, u -> new Lock());
    }
}
