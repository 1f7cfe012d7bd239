package io.medic.events;

/** A reference to one key of a Kubernetes Secret. Medic carries the reference, never the value. */
public record SecretKeyRef(String name, String key) {
    public SecretKeyRef {
        Require.text(name, "secret.name");
        Require.text(key, "secret.key");
    }
}
