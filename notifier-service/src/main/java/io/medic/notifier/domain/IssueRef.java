package io.medic.notifier.domain;

/**
 * One issue on one configured forge: {@code forgejo_admin/basketball-api#183} on the forge named
 * {@code forge} in {@code medic.notifier.forges}.
 */
public record IssueRef(String forge, String owner, String repo, long number) {

    public IssueRef {
        if (number < 1) {
            throw new IllegalArgumentException("issue number must be positive: " + number);
        }
    }

    /** {@code owner/repo#number}, as people write it. */
    public String display() {
        return owner + "/" + repo + "#" + number;
    }

    /** The per-issue queue's key (bounded by the issues linked from workloads). */
    public String key() {
        return forge + ":" + display();
    }

    @Override
    public String toString() {
        return key();
    }
}
