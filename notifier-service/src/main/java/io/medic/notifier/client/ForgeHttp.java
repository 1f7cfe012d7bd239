package io.medic.notifier.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medic.notifier.domain.Inert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP both forge clients share: JSON requests with the forge's own headers, classification of failures
 * ({@link ForgeException}), {@code Retry-After} and rate-limit resets, and pagination that follows
 * {@code Link: <…>; rel="next"} and otherwise asks for the next {@code page} until a page brings nothing new
 * (Gitea's issue-comment list ignores {@code page} and returns everything at once).
 */
final class ForgeHttp {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 1000;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Supplier<Map<String, String>> headers;
    private final Duration timeout;
    private final Clock clock;

    ForgeHttp(HttpClient http, Supplier<Map<String, String>> headers, Duration timeout, Clock clock) {
        this.http = http;
        this.headers = headers;
        this.timeout = timeout;
        this.clock = clock;
    }

    JsonNode get(URI uri) {
        return body(sendRaw("GET", uri, null));
    }

    JsonNode send(String method, URI uri, Object json) {
        return body(sendRaw(method, uri, json));
    }

    /** Every element of every page, in order; {@code pageUri} builds the URI of page n (1-based). */
    List<JsonNode> pages(java.util.function.IntFunction<URI> pageUri, int limit) {
        List<JsonNode> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URI next = pageUri.apply(1);
        for (int page = 1; next != null && page <= MAX_PAGES; page++) {
            HttpResponse<String> response = sendRaw("GET", next, null);
            JsonNode items = body(response);
            if (!items.isArray()) {
                throw new ForgeException("GET " + path(next) + ": expected a JSON array", response.statusCode(), false, null);
            }
            int fresh = 0;
            for (JsonNode item : items) {
                String id = item.has("id") ? item.get("id").asText() : item.toString();
                if (seen.add(id)) {
                    all.add(item);
                    fresh++;
                }
            }
            Optional<String> link = response.headers().allValues("Link").stream()
                    .map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
            if (link.isPresent()) {
                URI linked = next.resolve(link.get());
                if (!sameOrigin(linked, next)) {
                    // the token goes with every request: a Link header must not send it to another host
                    throw new ForgeException("GET " + path(next) + ": the next page is on another host (" + linked.getHost()
                            + "); not followed", response.statusCode(), false, null);
                }
                next = linked;
            } else if (items.size() >= limit && fresh > 0) {
                next = pageUri.apply(page + 1);
            } else {
                next = null;
            }
        }
        return all;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private HttpResponse<String> sendRaw(String method, URI uri, Object json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.get().forEach(request::header);
        try {
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            throw failure(method, uri, response);
        } catch (IOException e) {
            throw new ForgeException(method + " " + path(uri) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Inert.scrub(e.getMessage())), 0, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgeException(method + " " + path(uri) + ": interrupted", 0, true, null);
        }
    }

    private ForgeException failure(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        Duration retryAfter = retryAfter(response).orElse(null);
        boolean rateLimited = status == 403 && (retryAfter != null
                || response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false));
        boolean retryable = status == 429 || status >= 500 || rateLimited;
        String said = response.body() == null ? "" : Inert.scrub(response.body()).replaceAll("\\s+", " ").strip();
        if (said.length() > 200) {
            said = said.substring(0, 200) + "…";
        }
        return new ForgeException(method + " " + path(uri) + " answered " + status + (said.isEmpty() ? "" : ": " + said),
                status, retryable, retryAfter);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; else GitHub's {@code x-ratelimit-reset} when exhausted. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isPresent()) {
            String value = header.get();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration wait = Duration.between(clock.instant(), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
        boolean exhausted = response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
        return exhausted ? response.headers().firstValue("x-ratelimit-reset").flatMap(reset -> {
            try {
                Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }) : Optional.empty();
    }

    private static JsonNode body(HttpResponse<String> response) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ForgeException("the forge answered " + response.statusCode() + " with a body that is not JSON",
                    response.statusCode(), false, null);
        }
    }

    /** The path only: a query never holds a secret here, but a log line needs no more. */
    static String path(URI uri) {
        return uri.getRawPath();
    }
}
