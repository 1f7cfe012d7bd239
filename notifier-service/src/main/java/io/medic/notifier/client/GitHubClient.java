package io.medic.notifier.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.IssueRef;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GitHub's REST API (bearer token, {@code Accept: application/vnd.github+json}, API version 2022-11-28):
 * {@code GET|POST /repos/{owner}/{repo}/issues/{number}/comments} (100 per page, {@code Link} pagination),
 * {@code PATCH /repos/{owner}/{repo}/issues/{number}}, {@code POST …/labels}, {@code GET|POST …/issues}.
 */
public final class GitHubClient implements ForgeClient {

    static final int PAGE_SIZE = 100;
    private final String name;
    private final String api;
    private final ForgeHttp http;

    public GitHubClient(String name, URI baseUrl, Supplier<String> token, HttpClient client, Duration timeout,
                        Clock clock) {
        this.name = name;
        this.api = baseUrl.toString().replaceAll("/+$", "");
        this.http = new ForgeHttp(client, () -> {
            Map<String, String> headers = new LinkedHashMap<>();
            String secret = token.get();
            if (secret != null && !secret.isBlank()) {
                headers.put("Authorization", "Bearer " + secret.strip());
            }
            headers.put("Accept", "application/vnd.github+json");
            headers.put("X-GitHub-Api-Version", "2022-11-28");
            headers.put("User-Agent", "medic-notifier");
            return headers;
        }, timeout, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ForgeKind kind() {
        return ForgeKind.GITHUB;
    }

    @Override
    public List<ForgeComment> comments(IssueRef issue) {
        List<ForgeComment> comments = new ArrayList<>();
        for (JsonNode c : http.pages(page -> uri(issuePath(issue) + "/comments?per_page=" + PAGE_SIZE + "&page=" + page),
                PAGE_SIZE)) {
            comments.add(new ForgeComment(c.path("id").asLong(), c.path("body").asText("")));
        }
        return comments;
    }

    @Override
    public void createComment(IssueRef issue, String body) {
        http.send("POST", uri(issuePath(issue) + "/comments"), Map.of("body", body));
    }

    @Override
    public IssueState issue(IssueRef issue) {
        JsonNode json = http.get(uri(issuePath(issue)));
        List<String> labels = new ArrayList<>();
        json.path("labels").forEach(l -> labels.add(l.isTextual() ? l.asText() : l.path("name").asText()));
        return new IssueState(!"closed".equals(json.path("state").asText()), labels);
    }

    @Override
    public void setOpen(IssueRef issue, boolean open) {
        http.send("PATCH", uri(issuePath(issue)), open ? Map.of("state", "open")
                : Map.of("state", "closed", "state_reason", "completed"));
    }

    @Override
    public void addLabel(IssueRef issue, String label) {
        http.send("POST", uri(issuePath(issue) + "/labels"), Map.of("labels", List.of(label)));
    }

    @Override
    public Optional<Long> findOpenIssue(String owner, String repo, String text) {
        return http.pages(page -> uri("/repos/" + owner + "/" + repo + "/issues?state=open&per_page=" + PAGE_SIZE
                        + "&page=" + page), PAGE_SIZE).stream()
                .filter(i -> !i.has("pull_request") && i.path("body").asText("").contains(text))
                .map(i -> i.path("number").asLong()).findFirst();
    }

    @Override
    public long createIssue(String owner, String repo, String title, String body, List<String> labels) {
        return http.send("POST", uri("/repos/" + owner + "/" + repo + "/issues"),
                Map.of("title", title, "body", body, "labels", labels)).path("number").asLong();
    }

    private static String issuePath(IssueRef issue) {
        return "/repos/" + issue.owner() + "/" + issue.repo() + "/issues/" + issue.number();
    }

    private URI uri(String path) {
        return URI.create(api + path);
    }
}
