package io.medic.notifier.domain;

/** {@code medic.notifier.on-recovery}: what happens to the issue once the workload recovered. */
public enum OnRecovery {
    /** Only the recovered comment. */
    COMMENT,
    /** The comment, then the configured label. */
    LABEL,
    /** The comment, then the issue is closed (and reopened if the workload's incident opens again). */
    CLOSE;

    IssueAction action() {
        return switch (this) {
            case COMMENT -> IssueAction.NONE;
            case LABEL -> IssueAction.LABEL;
            case CLOSE -> IssueAction.CLOSE;
        };
    }
}
