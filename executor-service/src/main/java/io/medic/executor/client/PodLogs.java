package io.medic.executor.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.medic.signatures.LogTail;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A finished pod's log, bounded: one plain GET of {@code pods/log} (Fabric8's own log call waits for the pod
 * to be ready, which a finished Job pod never is again), streamed into a bounded tail.
 */
@ApplicationScoped
public class PodLogs {

    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_LINES = 5000;

    private final KubernetesClient client;

    public PodLogs(KubernetesClient client) {
        this.client = client;
    }

    public Optional<String> read(String namespace, String pod, String container, int maxBytes) {
        String url = URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods", pod, "log")
                + "?pretty=false&container=" + URLEncoder.encode(container, StandardCharsets.UTF_8);
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).build();
        LogTail.Collector tail = LogTail.collector(MAX_LINES, maxBytes);
        try {
            HttpResponse<AsyncBody> response = http.consumeBytes(request, (chunks, body) -> {
                chunks.forEach(tail::accept);
                body.consume();
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                response.body().cancel();
                return Optional.empty();
            }
            response.body().consume();
            response.body().done().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(tail.finish().text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
