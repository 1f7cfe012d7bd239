package io.medic.doctor.reconcile;

/** What a revision's upgrade() does, as far as the schema can show it. */
public enum RevisionKind {
    /** No operations at all (typically a merge point). */
    EMPTY,
    /** Only data work or calls Medic cannot read: its effect cannot be seen in the schema. */
    OPAQUE,
    /** At least one schema operation Medic can check. */
    VERIFIABLE
}
