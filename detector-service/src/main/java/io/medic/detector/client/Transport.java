package io.medic.detector.client;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.function.Supplier;

/** One more try for a request that never got an HTTP answer (a kept-alive connection the server had closed). */
final class Transport {

    private Transport() {
    }

    static <T> T retryOnce(Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() > 0) {
                throw e;
            }
            return request.get();
        }
    }
}
