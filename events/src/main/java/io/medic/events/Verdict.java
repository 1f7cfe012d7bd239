package io.medic.events;

/** What a diagnosis concludes. One closed set, used by the engine, the CLI's exit code and the planner. */
public enum Verdict {
    /** Every revision's effect is present and the version table says so: nothing to do. */
    HEALTHY,
    /** A plan exists that ends at head with every revision applied exactly once, proven by simulation. */
    AUTO_PLAN,
    /** No safe plan: the reason and the evidence say what a human must decide. */
    NEEDS_HUMAN,
    /** The input could not be read: unparseable migrations, graph errors, no database. */
    BAD_INPUT
}
