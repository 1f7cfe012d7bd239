package io.medic.events;

/** A reference to one key of a Kubernetes Secret. Medic carries the reference, never the value. */
public record SecretKeyRef(String name, String key) {

    /** The key a {@code medic.io/database-secret} annotation means when it names only the Secret. */
    public static final String DEFAULT_KEY = "url";

    public SecretKeyRef {
        Require.text(name, "secret.name");
        Require.text(key, "secret.key");
    }

    /**
     * The Secret a {@code medic.io/database-secret} annotation names: {@code secret/key}, {@code secret:key} or
     * {@code secret} (key {@value #DEFAULT_KEY}); null when the value names none.
     */
    public static SecretKeyRef ofAnnotation(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.strip().split("[/:]", 2);
        String name = parts[0].strip();
        String key = parts.length > 1 ? parts[1].strip() : DEFAULT_KEY;
        if (name.isEmpty() || key.isEmpty()) {
            return null;
        }
        return new SecretKeyRef(name, key);
    }
}
