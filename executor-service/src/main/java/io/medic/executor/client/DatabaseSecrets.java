package io.medic.executor.client;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.events.SecretKeyRef;
import io.medic.executor.config.ExecutorConfig;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.Retry;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a plan's database URL from the Secret it names (in the workload's namespace). Only the Secrets
 * plans name are read; the value goes to connections and migration environments, never to a log or record.
 */
@ApplicationScoped
public class DatabaseSecrets {

    private final KubernetesClient client;
    private final Retry retry;

    public DatabaseSecrets(KubernetesClient client, ExecutorConfig config) {
        this.client = client;
        this.retry = new Retry(config.retry().attempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** @throws IllegalStateException naming the Secret and key (never the value) when it cannot be read */
    public DatabaseUrl read(String namespace, SecretKeyRef ref) {
        String where = "Secret " + namespace + "/" + ref.name() + " key " + ref.key();
        Secret secret;
        try {
            secret = retry.get(() -> client.secrets().inNamespace(namespace).withName(ref.name()).get());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + where + ": " + e.getMessage(), e);
        }
        if (secret == null) {
            throw new IllegalStateException("cannot read " + where + ": no such Secret");
        }
        String value = null;
        if (secret.getData() != null && secret.getData().get(ref.key()) != null) {
            value = new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
        } else if (secret.getStringData() != null) {
            value = secret.getStringData().get(ref.key());
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("cannot read " + where + ": the Secret has no such key");
        }
        try {
            return DatabaseUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " does not hold a usable database URL: " + e.getMessage());
        }
    }
}
