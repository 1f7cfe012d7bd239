package io.medic.executor.client;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET to a pod's HTTP port: the status, or why there was none. */
@ApplicationScoped
public class HttpProbe {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    public record Answer(int status, String error) {
        public boolean answered() {
            return error == null;
        }

        @Override
        public String toString() {
            return answered() ? "HTTP " + status : error;
        }
    }

    public Answer get(String host, int port, String path, Duration timeout) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + authority + ":" + port + path))
                .timeout(timeout).GET().build();
        try {
            return new Answer(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        } catch (Exception e) {
            return new Answer(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
