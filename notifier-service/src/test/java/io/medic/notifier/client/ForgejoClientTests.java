package io.medic.notifier.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.IssueRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The exact Forgejo/Gitea requests, against a real HTTP server (WireMock) standing in for the forge. */
class ForgejoClientTests {

    static final IssueRef ISSUE = new IssueRef("forgejo", "forgejo_admin", "basketball-api", 183);
    static final String COMMENTS = "/api/v1/repos/forgejo_admin/basketball-api/issues/183/comments";
    private WireMockServer wiremock;
    private ForgejoClient client;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        client = new ForgejoClient("forgejo", ForgeKind.FORGEJO, URI.create(wiremock.baseUrl() + "/"), () -> "t0ken-forgejo",
                HttpClient.newHttpClient(), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    static String comments(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "{\"id\":" + i + ",\"body\":\"comment " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void postsACommentWithTheTokenHeaderAndAJsonBody() {
        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(201).withBody("{\"id\":9}")));
        client.createComment(ISSUE, "### hello\n\n<!-- medic:incident=i;plan=-;state=detected -->\n");
        wiremock.verify(1, postRequestedFor(urlEqualTo(COMMENTS))
                .withHeader("Authorization", equalTo("token t0ken-forgejo"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"body\":\"### hello\\n\\n<!-- medic:incident=i;plan=-;state=detected -->\\n\"}")));
    }

    @Test
    void followsLinkHeadersThroughEveryPage() {
        wiremock.stubFor(get(urlEqualTo(COMMENTS + "?page=1&limit=50")).willReturn(okJson(comments(1, 50))
                .withHeader("Link", "<" + wiremock.baseUrl() + COMMENTS + "?page=2&limit=50>; rel=\"next\",<"
                        + wiremock.baseUrl() + COMMENTS + "?page=2&limit=50>; rel=\"last\"")));
        wiremock.stubFor(get(urlEqualTo(COMMENTS + "?page=2&limit=50")).willReturn(okJson(comments(51, 3))));
        List<ForgeComment> all = client.comments(ISSUE);
        assertThat(all).hasSize(53).extracting(ForgeComment::id).startsWith(1L, 2L).endsWith(53L);
        wiremock.verify(getRequestedFor(urlEqualTo(COMMENTS + "?page=1&limit=50"))
                .withHeader("Authorization", equalTo("token t0ken-forgejo")));
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowedSoTheTokenStaysWithTheForge() {
        WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
        elsewhere.start();
        try {
            String otherHost = elsewhere.baseUrl().replace("localhost", "127.0.0.1").replace("127.0.0.1", "127.0.0.2");
            wiremock.stubFor(get(urlEqualTo(COMMENTS + "?page=1&limit=50")).willReturn(okJson(comments(1, 50))
                    .withHeader("Link", "<" + otherHost + COMMENTS + "?page=2&limit=50>; rel=\"next\"")));
            ForgeException refused = catchThrowableOfType(ForgeException.class, () -> client.comments(ISSUE));
            assertThat(refused).hasMessageContaining("another host").hasMessageNotContaining("t0ken");
            assertThat(refused.retryable()).isFalse();
            assertThat(elsewhere.getAllServeEvents()).isEmpty();
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void stopsWhenAPageBringsNothingNewAsGiteaIgnoringPageDoes() {
        wiremock.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson(comments(1, 60))));
        assertThat(client.comments(ISSUE)).hasSize(60);
        wiremock.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
    }

    @Test
    void editsStateAddsLabelsAndOpensIssues() {
        String issue = "/api/v1/repos/forgejo_admin/basketball-api/issues/183";
        wiremock.stubFor(patch(urlEqualTo(issue)).willReturn(aResponse().withStatus(201).withBody("{}")));
        wiremock.stubFor(post(urlEqualTo(issue + "/labels")).willReturn(okJson("[]")));
        wiremock.stubFor(get(urlEqualTo(issue)).willReturn(okJson("{\"number\":183,\"state\":\"closed\",\"labels\":[{\"name\":\"bug\"}]}")));
        wiremock.stubFor(post(urlEqualTo("/api/v1/repos/forgejo_admin/basketball-api/issues"))
                .willReturn(aResponse().withStatus(201).withBody("{\"number\":184}")));
        wiremock.stubFor(post(urlEqualTo("/api/v1/repos/forgejo_admin/basketball-api/issues/184/labels")).willReturn(okJson("[]")));

        client.setOpen(ISSUE, false);
        client.addLabel(ISSUE, "medic/recovered");
        assertThat(client.issue(ISSUE)).isEqualTo(new IssueState(false, List.of("bug")));
        assertThat(client.createIssue("forgejo_admin", "basketball-api", "Medic: x", "body", List.of("medic"))).isEqualTo(184);

        wiremock.verify(patchRequestedFor(urlEqualTo(issue)).withRequestBody(equalToJson("{\"state\":\"closed\"}")));
        wiremock.verify(postRequestedFor(urlEqualTo(issue + "/labels"))
                .withRequestBody(equalToJson("{\"labels\":[\"medic/recovered\"]}")));
        wiremock.verify(postRequestedFor(urlEqualTo("/api/v1/repos/forgejo_admin/basketball-api/issues"))
                .withRequestBody(equalToJson("{\"title\":\"Medic: x\",\"body\":\"body\"}")));
        wiremock.verify(postRequestedFor(urlEqualTo("/api/v1/repos/forgejo_admin/basketball-api/issues/184/labels"))
                .withRequestBody(equalToJson("{\"labels\":[\"medic\"]}")));
    }

    @Test
    void classifiesFailuresAndNeverShowsTheToken() {
        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"message\":\"rate limited\"}")));
        ForgeException limited = catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x"));
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(limited.getMessage()).contains("POST", "429").doesNotContain("t0ken");

        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(503)));
        assertThat(catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x")).retryable()).isTrue();

        wiremock.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"not found\"}")));
        ForgeException missing = catchThrowableOfType(ForgeException.class, () -> client.createComment(ISSUE, "x"));
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.status()).isEqualTo(404);
    }
}
