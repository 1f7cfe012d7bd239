package io.medic.notifier.domain;

/** What the notifier does to the issue itself around a comment (the lifecycle). */
public enum IssueAction {
    NONE,
    /** Before the first comment of a later incident: reopen the issue if Medic closed it on recovery. */
    REOPEN_IF_MEDIC_CLOSED,
    /** After the recovered comment: add the configured label. */
    LABEL,
    /** After the recovered comment: close the issue. */
    CLOSE
}
