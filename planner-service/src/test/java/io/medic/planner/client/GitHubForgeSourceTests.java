package io.medic.planner.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.MigrationSourceRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forge source against GitHub's API shape (a real HTTP server standing in): the contents API's paths,
 * headers and bearer token, files fetched once per blob, the commits API for history, and errors that name the
 * source and never the token.
 */
class GitHubForgeSourceTests {

    private static final String TOKEN = "ghp_not-a-real-token";
    private static WireMockServer github;

    @TempDir
    Path cache;

    @BeforeAll
    static void start() {
        github = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
    }

    @AfterAll
    static void stop() {
        github.stop();
    }

    private ForgeSource source(String repo, String token) {
        return new ForgeSource(new MigrationSourceRef.Forge("team", repo, "db/versions"), PlannerConfig.ForgeKind.GITHUB,
                URI.create(github.baseUrl()), () -> token, HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new VersionsCache(cache));
    }

    private static String file(String name, String text) {
        return "{\"name\":\"" + name + "\",\"type\":\"file\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    @Test
    void readsTheDirectoryAtTheRefWithTheBearerToken() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/team/api/contents/db/versions")).withQueryParam("ref", equalTo("15f3047"))
                .willReturn(aResponse().withBody("[{\"name\":\"001_a.py\",\"path\":\"db/versions/001_a.py\",\"sha\":\"aa\","
                        + "\"type\":\"file\"},{\"name\":\"README.md\",\"path\":\"db/versions/README.md\",\"sha\":\"bb\","
                        + "\"type\":\"file\"}]")));
        github.stubFor(get(urlPathEqualTo("/repos/team/api/contents/db/versions/001_a.py"))
                .willReturn(aResponse().withBody(file("001_a.py", "revision = '001'\ndown_revision = None\n"))));

        Versions versions = source("api", TOKEN).at("15f3047");
        assertThat(Files.readString(versions.directory().resolve("001_a.py"))).contains("revision = '001'");
        assertThat(versions.directory().resolve("README.md")).doesNotExist();
        github.verify(getRequestedFor(urlPathEqualTo("/repos/team/api/contents/db/versions"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json")));

        Versions again = source("api", TOKEN).at("15f3047");
        assertThat(again.contentId()).isEqualTo(versions.contentId());
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/team/api/contents/db/versions/001_a.py")));
    }

    @Test
    void readsTheHistoryNewestFirstUntilTheCrashedCommit() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/team/hist/commits")).willReturn(aResponse().withBody(
                "[{\"sha\":\"cccccccccccccccccccccccccccccccccccccccc\"},{\"sha\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"},"
                        + "{\"sha\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]")));
        assertThat(source("hist", TOKEN).history(10, "bbbbbbb"))
                .containsExactly("cccccccccccccccccccccccccccccccccccccccc");
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndTheErrorHoldsNoToken() {
        github.stubFor(get(urlPathEqualTo("/repos/team/private/contents/db/versions"))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));
        assertThatThrownBy(() -> source("private", TOKEN).at("15f3047"))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceException.Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("forge:team/private#db/versions", "HTTP 401")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void aForgeThatIsDownIsUnreachable() {
        ForgeSource down = new ForgeSource(new MigrationSourceRef.Forge("team", "api", "db/versions"),
                PlannerConfig.ForgeKind.GITHUB, URI.create("http://127.0.0.1:9"), () -> TOKEN, HttpClient.newHttpClient(),
                Duration.ofSeconds(5), new VersionsCache(cache));
        assertThatThrownBy(() -> down.at("15f3047")).isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE));
    }
}
