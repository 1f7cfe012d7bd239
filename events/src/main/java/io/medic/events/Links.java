package io.medic.events;

/**
 * What the workload's annotations link it to: the issue to report on ({@code medic.io/issue}),
 * the Secret holding the database URL ({@code medic.io/database-secret}) and where the migration
 * files live ({@code medic.io/migrations}). Each may be absent.
 */
public record Links(String issue, SecretKeyRef databaseSecret, String migrations) {
    public static final Links NONE = new Links(null, null, null);
}
