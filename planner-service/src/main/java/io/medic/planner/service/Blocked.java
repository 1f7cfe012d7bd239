package io.medic.planner.service;

import io.medic.events.Blocker;

/** A diagnosis cannot go on: the blocker says why, for a person, as data. */
final class Blocked extends Exception {

    private final transient Blocker blocker;

    Blocked(Blocker blocker) {
        super(blocker.text(), null, false, false);
        this.blocker = blocker;
    }

    Blocker blocker() {
        return blocker;
    }
}
