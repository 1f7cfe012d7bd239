package io.medic.planner.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.events.Digests;
import io.medic.events.EventCodec;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.MigrationSourceRef;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code forge:<owner>/<repo>[#<path>]}: the configured forge's contents API at a commit — Forgejo and Gitea
 * ({@code GET /api/v1/repos/{owner}/{repo}/contents/{path}?ref=}, {@code Authorization: token …}) or GitHub
 * ({@code GET /repos/{owner}/{repo}/contents/{path}?ref=}, bearer token). The directory listing names each file
 * with its blob sha; a file is fetched once per sha and the directory materialized per listing. The token
 * travels only in the Authorization header; errors carry the status and the path, never the token.
 */
final class ForgeSource implements MigrationSource {

    private static final int MAX_FILES = 5_000;

    private final MigrationSourceRef.Forge ref;
    private final PlannerConfig.ForgeKind kind;
    private final URI base;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration timeout;
    private final VersionsCache cache;

    ForgeSource(MigrationSourceRef.Forge ref, PlannerConfig.ForgeKind kind, URI base, Supplier<String> token,
                HttpClient http, Duration timeout, VersionsCache cache) {
        this.ref = ref;
        this.kind = kind;
        this.base = base;
        this.token = token;
        this.http = http;
        this.timeout = timeout;
        this.cache = cache;
    }

    @Override
    public MigrationSourceRef ref() {
        return ref;
    }

    @Override
    public Versions at(String commit) throws SourceException {
        if (commit == null || commit.isBlank()) {
            throw new SourceException(SourceException.Kind.NO_COMMIT, "no commit to read " + ref.display() + " at");
        }
        JsonNode listing = get(repoPath("contents/" + encodePath(ref.path())) + "?ref=" + encode(commit),
                "no directory " + ref.path() + " at " + commit + " of " + ref.display());
        if (!listing.isArray()) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, ref.path() + " at " + commit + " of "
                    + ref.display() + " is a file, not a directory");
        }
        Map<String, String> shaByName = new TreeMap<>();
        Map<String, String> pathByName = new TreeMap<>();
        for (JsonNode entry : listing) {
            String name = entry.path("name").asText("");
            if ("file".equals(entry.path("type").asText()) && name.endsWith(".py") && !name.contains("/")) {
                shaByName.put(name, entry.path("sha").asText(""));
                pathByName.put(name, entry.path("path").asText(ref.path() + "/" + name));
            }
            if (shaByName.size() > MAX_FILES) {
                throw new SourceException(SourceException.Kind.FAILED, ref.display() + " lists more than " + MAX_FILES
                        + " files under " + ref.path());
            }
        }
        StringBuilder identity = new StringBuilder("forge:").append(ref.owner()).append('/').append(ref.repo());
        shaByName.forEach((name, sha) -> identity.append('\n').append(name).append(' ').append(sha));
        String contentId = "forge-listing:" + Digests.sha256Hex(identity.toString());
        var existing = cache.existing(contentId);
        if (existing != null) {
            return new Versions(commit, contentId, existing);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : pathByName.entrySet()) {
            JsonNode content = get(repoPath("contents/" + encodePath(file.getValue())) + "?ref=" + encode(commit),
                    "no file " + file.getValue() + " at " + commit + " of " + ref.display());
            files.put(file.getKey(), decode(content, file.getValue()));
        }
        return new Versions(commit, contentId, cache.write(contentId, files));
    }

    @Override
    public List<String> history(int max, String stopAt) throws SourceException {
        int pageSize = Math.min(50, Math.max(1, max));
        List<String> commits = new ArrayList<>();
        for (int page = 1; commits.size() < max; page++) {
            String query = switch (kind) {
                case GITHUB -> "commits?per_page=" + pageSize + "&page=" + page;
                case FORGEJO, GITEA -> "commits?limit=" + pageSize + "&page=" + page + "&stat=false&verification=false"
                        + "&files=false";
            };
            JsonNode list = get(repoPath(query), "no repository " + ref.owner() + "/" + ref.repo() + " on the forge");
            if (!list.isArray() || list.isEmpty()) {
                break;
            }
            for (JsonNode c : list) {
                String sha = c.path("sha").asText("");
                if (sha.isEmpty()) {
                    continue;
                }
                if (stopAt != null && sha.startsWith(stopAt) || commits.size() >= max) {
                    return commits;
                }
                commits.add(sha);
            }
            if (list.size() < pageSize) {
                break;
            }
        }
        return commits;
    }

    private String repoPath(String rest) {
        String prefix = kind == PlannerConfig.ForgeKind.GITHUB ? "/repos/" : "/api/v1/repos/";
        return prefix + encode(ref.owner()) + "/" + encode(ref.repo()) + "/" + rest;
    }

    private JsonNode get(String pathAndQuery, String notFound) throws SourceException {
        String baseText = base.toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseText + pathAndQuery)).timeout(timeout).GET();
        String secret = token.get();
        if (kind == PlannerConfig.ForgeKind.GITHUB) {
            request.header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28");
            if (secret != null) {
                request.header("Authorization", "Bearer " + secret);
            }
        } else {
            request.header("Accept", "application/json");
            if (secret != null) {
                request.header("Authorization", "token " + secret);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new SourceException(SourceException.Kind.UNREACHABLE, "the forge did not answer within "
                    + timeout.toSeconds() + " s for " + ref.display());
        } catch (ConnectException e) {
            throw new SourceException(SourceException.Kind.UNREACHABLE, "the forge at " + baseText
                    + " refused the connection for " + ref.display());
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.UNREACHABLE, "cannot reach the forge at " + baseText
                    + " for " + ref.display() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.FAILED, "interrupted while reading " + ref.display());
        }
        int status = response.statusCode();
        String path = pathAndQuery.replaceAll("\\?.*$", "");
        if (status == 404) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, notFound + " (HTTP 404)");
        }
        if (status == 401 || status == 403) {
            throw new SourceException(SourceException.Kind.UNAUTHORIZED, "the forge refused "
                    + (secret == null ? "an anonymous read" : "the configured token") + " for " + ref.display()
                    + " (HTTP " + status + " on " + path + ")");
        }
        if (status / 100 != 2) {
            throw new SourceException(status >= 500 ? SourceException.Kind.UNREACHABLE : SourceException.Kind.FAILED,
                    "the forge answered HTTP " + status + " on " + path + " for " + ref.display());
        }
        try {
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.FAILED, "the forge's answer on " + path + " is not JSON");
        }
    }

    private byte[] decode(JsonNode content, String path) throws SourceException {
        String encoding = content.path("encoding").asText("");
        String text = content.path("content").asText(null);
        if (!"base64".equals(encoding) || text == null) {
            throw new SourceException(SourceException.Kind.FAILED, "the forge returned no base64 content for " + path
                    + " of " + ref.display());
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.FAILED, "the forge's content of " + path + " is not base64");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }
}
