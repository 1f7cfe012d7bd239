package io.medic.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** Writing an object's status as its one writer: the whole status in one request, no read-modify-write. */
public final class Statuses {

    private Statuses() {
    }

    /**
     * Replaces {@code object}'s status with {@code status} through the status subresource (a JSON patch
     * {@code add /status}: unconditional, so it never conflicts with a concurrent spec or metadata change).
     * Returns false when the object no longer exists.
     */
    public static boolean replace(KubernetesClient client, HasMetadata object, Object status) {
        String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + client.getKubernetesSerialization().asJson(status) + "}]";
        try {
            client.resource(object).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
