package io.medic.events;

public enum DecisionKind {
    APPROVE,
    REJECT
}
