package io.medic.planner.domain;

import java.util.Set;

/**
 * Which diagnoser a signal goes to, by the signature that fired. One table; the planner's one switch over it
 * picks the diagnoser, so a new kind does not compile until it has one.
 */
public enum DiagnoserKind {
    /** The database and the migrations disagree: the engine reconciles and plans stamps and upgrades. */
    ALEMBIC_DRIFT("alembic-drift", Set.of("db.duplicate-column", "db.duplicate-table", "db.duplicate-object",
            "db.undefined-column", "db.undefined-table", "alembic.multiple-heads")),
    /** The database is ahead of the image: roll the image forward to a commit that knows the revisions. */
    IMAGE_DRIFT("image-drift", Set.of("alembic.unknown-revision", "alembic.broken-revision-map")),
    /** Anything else: advice with the evidence, for a person. */
    ADVICE("advice", Set.of());

    private final String diagnoser;
    private final Set<String> signatures;

    DiagnoserKind(String diagnoser, Set<String> signatures) {
        this.diagnoser = diagnoser;
        this.signatures = signatures;
    }

    /** The plan's {@code diagnoser} field and the bounded metric label. */
    public String diagnoser() {
        return diagnoser;
    }

    public static DiagnoserKind of(String signatureId) {
        for (DiagnoserKind kind : values()) {
            if (kind.signatures.contains(signatureId)) {
                return kind;
            }
        }
        return ADVICE;
    }
}
