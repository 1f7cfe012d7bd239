package io.medic.detector.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.medic.signatures.LogTail;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the end of a crashed container's log: the PREVIOUS instance's when the container has restarted
 * since ({@code previous=true}), else the current, terminated one's (a failed Job's pod). The API server
 * sends the last N lines; the bytes kept are capped however long those lines are, and the stream is read
 * through, never held whole. It is one plain GET of {@code pods/log} with the client's HTTP client and
 * credentials: Fabric8's own log call first watches the pod until it is ready, which a crash-looping pod
 * never is.
 */
public final class LogFetcher {

    private static final Logger LOG = Logger.getLogger(LogFetcher.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final KubernetesClient client;
    private final int tailLines;
    private final int maxBytes;

    public LogFetcher(KubernetesClient client, int tailLines, int maxBytes) {
        this.client = client;
        this.tailLines = tailLines;
        this.maxBytes = maxBytes;
    }

    /** The log's end, or empty when it cannot be had (the container's log is gone, the API refused). */
    public Optional<LogTail> fetch(String namespace, String pod, String container, boolean previous) {
        String url = URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods", pod, "log")
                + "?pretty=false&container=" + URLEncoder.encode(container, StandardCharsets.UTF_8)
                + (previous ? "&previous=true" : "") + "&tailLines=" + tailLines;
        try {
            return Transport.retryOnce(() -> get(url));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the %slog of %s/%s container %s: %s", previous ? "previous " : "", namespace, pod, container,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<LogTail> get(String url) {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).build();
        LogTail.Collector tail = LogTail.collector(tailLines, maxBytes);
        try {
            // streamed chunk by chunk into the bounded tail (Fabric8's InputStream body spoils pooled connections)
            HttpResponse<AsyncBody> response = http.consumeBytes(request, (chunks, body) -> {
                chunks.forEach(tail::accept);
                body.consume();
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                response.body().cancel();
                LOG.warnf("cannot read log %s: HTTP %d", request.uri().getPath(), response.code());
                return Optional.empty();
            }
            response.body().consume();
            response.body().done().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(tail.finish());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            // no complete HTTP answer (code -1): Transport retries it once
            throw new KubernetesClientException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }
}
