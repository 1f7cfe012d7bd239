package io.medic.notifier.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medic.notifier.domain.IssueRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The exact GitHub requests, against a real HTTP server (WireMock) standing in for api.github.com. */
class GitHubClientTests {

    static final IssueRef ISSUE = new IssueRef("github", "medic-io", "basketball-api", 183);
    static final String COMMENTS = "/repos/medic-io/basketball-api/issues/183/comments";
    static final Instant NOW = Instant.parse("2026-03-27T06:00:00Z");
    private WireMockServer wiremock;
    private GitHubClient client;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        client = new GitHubClient("github", URI.create(wiremock.baseUrl()), () -> "ghp_t0ken", HttpClient.newHttpClient(),
                Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    @Test
    void postsWithBearerTokenAndGitHubMediaType() {
        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(201).withBody("{\"id\":1}")));
        client.createComment(ISSUE, "hello");
        wiremock.verify(1, postRequestedFor(urlEqualTo(COMMENTS))
                .withHeader("Authorization", equalTo("Bearer ghp_t0ken"))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("User-Agent", equalTo("medic-notifier"))
                .withRequestBody(equalToJson("{\"body\":\"hello\"}")));
    }

    @Test
    void readsEveryPageThroughLinkHeaders() {
        wiremock.stubFor(get(urlEqualTo(COMMENTS + "?per_page=100&page=1")).willReturn(okJson(ForgejoClientTests.comments(1, 100))
                .withHeader("Link", "<" + wiremock.baseUrl() + "/repositories/42/issues/183/comments?per_page=100&page=2>; rel=\"next\"")));
        wiremock.stubFor(get(urlEqualTo("/repositories/42/issues/183/comments?per_page=100&page=2"))
                .willReturn(okJson(ForgejoClientTests.comments(101, 1))));
        assertThat(client.comments(ISSUE)).hasSize(101);
        wiremock.verify(getRequestedFor(urlEqualTo("/repositories/42/issues/183/comments?per_page=100&page=2"))
                .withHeader("Authorization", equalTo("Bearer ghp_t0ken")));
    }

    @Test
    void closesAsCompletedLabelsAndOpensIssuesWithLabels() {
        String issue = "/repos/medic-io/basketball-api/issues/183";
        wiremock.stubFor(patch(urlEqualTo(issue)).willReturn(okJson("{}")));
        wiremock.stubFor(post(urlEqualTo(issue + "/labels")).willReturn(okJson("[]")));
        wiremock.stubFor(post(urlEqualTo("/repos/medic-io/basketball-api/issues"))
                .willReturn(aResponse().withStatus(201).withBody("{\"number\":7}")));
        wiremock.stubFor(get(urlEqualTo("/repos/medic-io/basketball-api/issues?state=open&per_page=100&page=1"))
                .willReturn(okJson("[{\"number\":5,\"body\":\"<!-- medic:workload=a/b -->\",\"pull_request\":{}},"
                        + "{\"number\":6,\"body\":\"<!-- medic:workload=a/b -->\"}]")));

        client.setOpen(ISSUE, false);
        client.setOpen(ISSUE, true);
        client.addLabel(ISSUE, "medic/recovered");
        assertThat(client.createIssue("medic-io", "basketball-api", "t", "b", List.of("medic", "incident"))).isEqualTo(7);
        assertThat(client.findOpenIssue("medic-io", "basketball-api", "<!-- medic:workload=a/b -->")).contains(6L);

        wiremock.verify(patchRequestedFor(urlEqualTo(issue)).withRequestBody(equalToJson("{\"state\":\"closed\",\"state_reason\":\"completed\"}")));
        wiremock.verify(patchRequestedFor(urlEqualTo(issue)).withRequestBody(equalToJson("{\"state\":\"open\"}")));
        wiremock.verify(postRequestedFor(urlEqualTo(issue + "/labels")).withRequestBody(equalToJson("{\"labels\":[\"medic/recovered\"]}")));
        wiremock.verify(postRequestedFor(urlEqualTo("/repos/medic-io/basketball-api/issues"))
                .withRequestBody(equalToJson("{\"title\":\"t\",\"body\":\"b\",\"labels\":[\"medic\",\"incident\"]}")));
    }

    @Test
    void anExhaustedRateLimitIsRetriedAfterItsReset() {
        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 42))));
        ForgeException e = catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x"));
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));

        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Resource not accessible\"}")));
        assertThat(catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x")).retryable()).isFalse();

        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Fri, 27 Mar 2026 06:00:30 GMT")));
        assertThat(catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x")).retryAfter())
                .contains(Duration.ofSeconds(30));
    }
}
