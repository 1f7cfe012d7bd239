package io.medic.notifier.client;

/** A comment as a forge lists it: its id and Markdown body. */
public record ForgeComment(long id, String body) {
}
