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
 * Forgejo and Gitea ({@code /api/v1}, {@code Authorization: token …}): issue comments
 * ({@code GET|POST /repos/{owner}/{repo}/issues/{index}/comments}), the issue's state
 * ({@code PATCH /repos/{owner}/{repo}/issues/{index}}), labels by name
 * ({@code POST …/issues/{index}/labels}) and opening issues ({@code GET|POST /repos/{owner}/{repo}/issues}).
 */
public final class ForgejoClient implements ForgeClient {

    static final int PAGE_SIZE = 50;
    private final String name;
    private final ForgeKind kind;
    private final String api;
    private final ForgeHttp http;

    public ForgejoClient(String name, ForgeKind kind, URI baseUrl, Supplier<String> token, HttpClient client,
                         Duration timeout, Clock clock) {
        this.name = name;
        this.kind = kind;
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.api = base.endsWith("/api/v1") ? base : base + "/api/v1";
        this.http = new ForgeHttp(client, () -> {
            Map<String, String> headers = new LinkedHashMap<>();
            String secret = token.get();
            if (secret != null && !secret.isBlank()) {
                headers.put("Authorization", "token " + secret.strip());
            }
            headers.put("Accept", "application/json");
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
        return kind;
    }

    @Override
    public List<ForgeComment> comments(IssueRef issue) {
        List<ForgeComment> comments = new ArrayList<>();
        for (JsonNode c : http.pages(page -> uri(issuePath(issue) + "/comments?page=" + page + "&limit=" + PAGE_SIZE),
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
        json.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        return new IssueState(!"closed".equals(json.path("state").asText()), labels);
    }

    @Override
    public void setOpen(IssueRef issue, boolean open) {
        http.send("PATCH", uri(issuePath(issue)), Map.of("state", open ? "open" : "closed"));
    }

    @Override
    public void addLabel(IssueRef issue, String label) {
        http.send("POST", uri(issuePath(issue) + "/labels"), Map.of("labels", List.of(label)));
    }

    @Override
    public Optional<Long> findOpenIssue(String owner, String repo, String text) {
        return http.pages(page -> uri("/repos/" + owner + "/" + repo + "/issues?state=open&type=issues&page=" + page
                        + "&limit=" + PAGE_SIZE), PAGE_SIZE).stream()
                .filter(i -> i.path("body").asText("").contains(text))
                .map(i -> i.path("number").asLong()).findFirst();
    }

    @Override
    public long createIssue(String owner, String repo, String title, String body, List<String> labels) {
        // Forgejo's create-issue takes label ids only; names go on afterwards through the labels endpoint.
        long number = http.send("POST", uri("/repos/" + owner + "/" + repo + "/issues"),
                Map.of("title", title, "body", body)).path("number").asLong();
        IssueRef created = new IssueRef(name, owner, repo, number);
        for (String label : labels) {
            addLabel(created, label);
        }
        return number;
    }

    private static String issuePath(IssueRef issue) {
        return "/repos/" + issue.owner() + "/" + issue.repo() + "/issues/" + issue.number();
    }

    private URI uri(String path) {
        return URI.create(api + path);
    }
}
