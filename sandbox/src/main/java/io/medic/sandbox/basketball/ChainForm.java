package io.medic.sandbox.basketball;

/** The two forms of the incident's migration chain (examples/basketball-api/linear and .../branched). */
public enum ChainForm {
    /** 018 -> 019 -> 020 -> 021 -> 022 -> 023 -> 024: the chain as linearized, where the humans' plan skips 019. */
    LINEAR,
    /** 019 and 020 both revise 018, 021 follows 019, 022 merges 020 and 021: the chain as the migrations ran. */
    BRANCHED
}
