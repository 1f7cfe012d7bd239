package io.medic.notifier.domain;

/** The forge APIs the notifier speaks. Gitea and Forgejo share one API. */
public enum ForgeKind {
    FORGEJO,
    GITEA,
    GITHUB
}
