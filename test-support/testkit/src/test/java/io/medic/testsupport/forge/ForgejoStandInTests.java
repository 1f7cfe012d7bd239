package io.medic.testsupport.forge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ForgejoStandInTests {

    private static final String ISSUE = "forgejo_admin/basketball-api#183";
    private static final String COMMENTS = "/api/v1/repos/forgejo_admin/basketball-api/issues/183/comments";
    private final HttpClient http = HttpClient.newHttpClient();
    private ForgejoStandIn forge;

    @BeforeEach
    void start() {
        forge = ForgejoStandIn.start("s3cret").addIssue(ISSUE, "Bug: CrashLoopBackOff");
    }

    @AfterEach
    void stop() {
        forge.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(forge.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "token " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        assertThat(call("GET", COMMENTS, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", COMMENTS, null, "wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", COMMENTS, null, "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void createsCommentsAndListsThemPageByPageWithLinkHeaders() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(call("POST", COMMENTS, "{\"body\":\"comment " + i + "\"}", "s3cret").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> first = call("GET", COMMENTS + "?page=1&limit=2", null, "s3cret");
        assertThat(first.body()).contains("comment 1", "comment 2").doesNotContain("comment 3");
        assertThat(first.headers().firstValue("X-Total-Count")).contains("5");
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("page=2>; rel=\"next\"", "page=3>; rel=\"last\"");
        HttpResponse<String> last = call("GET", COMMENTS + "?page=3&limit=2", null, "s3cret");
        assertThat(last.body()).contains("comment 5");
        assertThat(last.headers().firstValue("Link").orElseThrow()).doesNotContain("rel=\"next\"");
        assertThat(forge.comments(ISSUE)).extracting(ForgejoStandIn.Comment::body)
                .containsExactly("comment 1", "comment 2", "comment 3", "comment 4", "comment 5");
    }

    @Test
    void editsTheIssueStateAndAddsLabels() throws Exception {
        String issue = "/api/v1/repos/forgejo_admin/basketball-api/issues/183";
        assertThat(call("PATCH", issue, "{\"state\":\"closed\"}", "s3cret").statusCode()).isEqualTo(201);
        assertThat(forge.isOpen(ISSUE)).isFalse();
        assertThat(call("GET", issue, null, "s3cret").body()).contains("\"state\":\"closed\"");
        assertThat(call("POST", issue + "/labels", "{\"labels\":[\"medic/recovered\"]}", "s3cret").statusCode()).isEqualTo(200);
        assertThat(forge.labels(ISSUE)).containsExactly("medic/recovered");
        assertThat(call("GET", "/api/v1/repos/forgejo_admin/basketball-api/issues/999", null, "s3cret").statusCode())
                .isEqualTo(404);
    }

    @Test
    void opensIssuesAndFindsThemByState() throws Exception {
        HttpResponse<String> created = call("POST", "/api/v1/repos/forgejo_admin/basketball-api/issues",
                "{\"title\":\"Medic: x\",\"body\":\"marker-x\"}", "s3cret");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"number\":184");
        assertThat(call("GET", "/api/v1/repos/forgejo_admin/basketball-api/issues?state=open&page=1&limit=50", null,
                "s3cret").body()).contains("marker-x");
    }

    @Test
    void answersInjectedFaultsThenServesAgain() throws Exception {
        forge.failNext(2, 429, 1);
        HttpResponse<String> limited = call("GET", COMMENTS, null, "s3cret");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(call("POST", COMMENTS, "{\"body\":\"x\"}", "s3cret").statusCode()).isEqualTo(429);
        forge.failNext(1, 503, null);
        assertThat(call("GET", COMMENTS, null, "s3cret").statusCode()).isEqualTo(503);
        assertThat(call("GET", COMMENTS, null, "s3cret").statusCode()).isEqualTo(200);
        assertThat(forge.comments(ISSUE)).isEmpty();
        assertThat(forge.requests()).hasSize(4).first().isEqualTo("GET " + COMMENTS);
    }
}
