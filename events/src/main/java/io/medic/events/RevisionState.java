package io.medic.events;

/**
 * The state of one Alembic revision against a live database: the one truth the plan is built from,
 * computed in exactly one place (the engine's reconciliation), and answering its own questions, like
 * Flyway's MigrationState. Each combination of "did its effect take place" and "does the version table
 * say so" that the engine can conclude is its own state (as Flyway has MISSING_SUCCESS and MISSING_FAILED
 * rather than a flag), so every question is answered by the state alone and a switch over the states is
 * exhaustive.
 * <p>
 * A revision whose effect the schema cannot show (a data migration, a call Medic cannot read) is
 * {@code UNVERIFIABLE_*}: the suffix names what it was assumed to be, and why is in its evidence.
 */
public enum RevisionState {
    /** Its effects are present and the version table implies it. */
    APPLIED(true, true, false, true),
    /** Its effects are present but the version table does not imply it (it ran out of order, or by hand): stamp it. */
    PRESENT_UNSTAMPED(true, false, false, true),
    /** The version table implies it but its effects are absent (undone by hand, or stamped without running): run it again. */
    STAMPED_ABSENT(false, true, true, true),
    /** Its effects are absent and the version table does not imply it: run it. */
    MISSING(false, false, true, true),
    /** Some of its effects are present and some are not, and the version table does not imply it. */
    PARTIAL(false, false, false, true),
    /** Some of its effects are present and some are not, though the version table implies it. */
    STAMPED_PARTIAL(false, true, false, true),
    /** Its effect cannot be seen; the version table implies it, so it is trusted as run. */
    UNVERIFIABLE_APPLIED(true, true, false, false),
    /**
     * Its effect cannot be seen and the version table does not imply it, but everything before it and something
     * after it took effect: assumed run, so stamped. The engine no longer concludes it (issue 22: a later
     * revision's effect may have been applied by hand, out of order, so it is no evidence that this one ran;
     * such a revision is {@link #UNVERIFIABLE_IN_DOUBT}); it stays so that plans recorded before still read.
     */
    UNVERIFIABLE_UNSTAMPED(true, false, false, false),
    /** Its effect cannot be seen, the version table does not imply it and nothing after it took effect: assumed not run. */
    UNVERIFIABLE_MISSING(false, false, true, false),
    /**
     * Its effect (or part of it: data work, a call Medic cannot read, beside a visible schema change) cannot be
     * seen, the version table does not imply it, and something after it or its own visible part took effect, so
     * it may have been applied by hand, out of order or without that part: neither run nor not run can be assumed.
     */
    UNVERIFIABLE_IN_DOUBT(false, false, false, false);

    private final boolean effectPresent;
    private final boolean stamped;
    private final boolean needsRun;
    private final boolean verified;

    RevisionState(boolean effectPresent, boolean stamped, boolean needsRun, boolean verified) {
        this.effectPresent = effectPresent;
        this.stamped = stamped;
        this.needsRun = needsRun;
        this.verified = verified;
    }

    /** Its effect is in the database (seen in the schema, or assumed where it cannot be seen): it must not run again. */
    public boolean effectPresent() {
        return effectPresent;
    }

    /** The version table implies it (one of its rows is this revision or a descendant). */
    public boolean stamped() {
        return stamped;
    }

    /** The plan must run it: its effect is absent, or assumed absent. */
    public boolean needsRun() {
        return needsRun;
    }

    /** The plan must stamp past it: its effect is present, but the version table does not say so. */
    public boolean needsStamp() {
        return effectPresent && !stamped;
    }

    /** Neither present nor absent as a whole: no plan can be built around it, a person decides. */
    public boolean undecided() {
        return !effectPresent && !needsRun;
    }

    /** The state was seen in the schema, not assumed. */
    public boolean verified() {
        return verified;
    }
}
