package io.medic.events;

/** Why a signal was published: a new incident, or news about an open one. */
public enum SignalKind {
    /** The first signal of an incident. */
    OPENED,
    /** The same incident crashes with a different signature. */
    SIGNATURE_CHANGED,
    /** The same incident crossed a further restart threshold. */
    ESCALATED
}
