package io.medic.events;

/**
 * The one table of blocker kinds: each {@link Blocker} record's wire name (the {@code kind} field of its
 * JSON). {@link #of} is an exhaustive switch over the sealed type.
 */
public enum BlockerKind {
    PARTIALLY_APPLIED("partially-applied", Blocker.PartiallyApplied.class),
    UNKNOWN_VERSION_ROWS("unknown-version-rows", Blocker.UnknownVersionRows.class),
    DESTRUCTIVE_RERUN("destructive-rerun", Blocker.DestructiveRerun.class),
    UNVERIFIABLE("unverifiable", Blocker.Unverifiable.class),
    UNEXPLAINED_DRIFT("unexplained-drift", Blocker.UnexplainedDrift.class),
    MULTIPLE_HEADS("multiple-heads", Blocker.MultipleHeads.class),
    ALEMBIC_UNRELIABLE("alembic-unreliable", Blocker.AlembicUnreliable.class),
    UPGRADE_WOULD_FAIL("upgrade-would-fail", Blocker.UpgradeWouldFail.class),
    UNPROVEN("unproven", Blocker.Unproven.class),
    INVALID_VERSION_TABLE("invalid-version-table", Blocker.InvalidVersionTable.class),
    BAD_INPUT("bad-input", Blocker.BadInput.class),
    SOURCE_UNAVAILABLE("source-unavailable", Blocker.SourceUnavailable.class),
    MISSING_LINK("missing-link", Blocker.MissingLink.class),
    NO_REMEDY("no-remedy", Blocker.NoRemedy.class),
    NO_IMAGE_KNOWS_REVISIONS("no-image-knows-revisions", Blocker.NoImageKnowsRevisions.class),
    MANAGED_BY_GITOPS("managed-by-gitops", Blocker.ManagedByGitOps.class);

    private final String wireName;
    private final Class<? extends Blocker> recordClass;

    BlockerKind(String wireName, Class<? extends Blocker> recordClass) {
        this.wireName = wireName;
        this.recordClass = recordClass;
    }

    public static BlockerKind of(Blocker blocker) {
        return switch (blocker) {
            case Blocker.PartiallyApplied b -> PARTIALLY_APPLIED;
            case Blocker.UnknownVersionRows b -> UNKNOWN_VERSION_ROWS;
            case Blocker.DestructiveRerun b -> DESTRUCTIVE_RERUN;
            case Blocker.Unverifiable b -> UNVERIFIABLE;
            case Blocker.UnexplainedDrift b -> UNEXPLAINED_DRIFT;
            case Blocker.MultipleHeads b -> MULTIPLE_HEADS;
            case Blocker.AlembicUnreliable b -> ALEMBIC_UNRELIABLE;
            case Blocker.UpgradeWouldFail b -> UPGRADE_WOULD_FAIL;
            case Blocker.Unproven b -> UNPROVEN;
            case Blocker.InvalidVersionTable b -> INVALID_VERSION_TABLE;
            case Blocker.BadInput b -> BAD_INPUT;
            case Blocker.SourceUnavailable b -> SOURCE_UNAVAILABLE;
            case Blocker.MissingLink b -> MISSING_LINK;
            case Blocker.NoRemedy b -> NO_REMEDY;
            case Blocker.NoImageKnowsRevisions b -> NO_IMAGE_KNOWS_REVISIONS;
            case Blocker.ManagedByGitOps b -> MANAGED_BY_GITOPS;
        };
    }

    /** The {@code kind} of the blocker's JSON, e.g. {@code partially-applied}; also a bounded metric label. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends Blocker> recordClass() {
        return recordClass;
    }
}
