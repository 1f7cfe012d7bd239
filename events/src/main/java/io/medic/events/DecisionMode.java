package io.medic.events;

/** Who decided: a person through the approval API, or the auto-approval policy. */
public enum DecisionMode {
    MANUAL,
    AUTOMATIC
}
