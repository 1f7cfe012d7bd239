package io.medic.notifier.domain;

/**
 * What a comment tells: one per state change of an incident's story. The wire name is the marker's
 * {@code state} (with a sequence for repeatable kinds) and the {@code state} label of the metrics (bounded).
 */
public enum CommentKind {
    DETECTED("detected"),
    SIGNATURE_CHANGED("signature-changed"),
    PLANNED("planned"),
    SUPERSEDED("superseded"),
    APPROVED("approved"),
    REJECTED("rejected"),
    REHEARSED("rehearsed"),
    RECOVERED("recovered"),
    FAILED("failed"),
    STALE("stale"),
    ABORTED("aborted"),
    DRY_RUN("dry-run");

    private final String wireName;

    CommentKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
