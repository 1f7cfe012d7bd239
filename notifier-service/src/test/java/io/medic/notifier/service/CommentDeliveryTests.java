package io.medic.notifier.service;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.medic.notifier.client.ForgejoClient;
import io.medic.notifier.client.Forges;
import io.medic.notifier.domain.Backoff;
import io.medic.notifier.domain.Comment;
import io.medic.notifier.domain.CommentKind;
import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.IssueAction;
import io.medic.notifier.domain.IssueRef;
import io.medic.notifier.domain.IssueTarget;
import io.medic.notifier.domain.Marker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Exactly once, retries and isolation, against a real HTTP server (WireMock) standing in for Forgejo. */
class CommentDeliveryTests {

    private WireMockServer wiremock;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private CommentDelivery delivery(int maxAttempts, Duration initialBackoff) {
        ForgejoClient client = new ForgejoClient("forgejo", ForgeKind.FORGEJO, URI.create(wiremock.baseUrl()), () -> "t",
                HttpClient.newHttpClient(), Duration.ofSeconds(5), Clock.systemUTC());
        return new CommentDelivery(new Forges(Map.of("forgejo", client), List.of()),
                new Backoff(initialBackoff, Duration.ofSeconds(2), Duration.ofSeconds(30)), maxAttempts, "medic/recovered",
                new NotifierMetrics(registry), Clock.systemUTC(), new Random(1), d -> Thread.sleep(d.toMillis()));
    }

    private static Comment comment(long issue, String state, IssueAction before, IssueAction after) {
        Marker marker = new Marker("inc-1", "plan-1", state);
        return new Comment(new IssueTarget.Linked(new IssueRef("forgejo", "o", "r", issue)), marker, CommentKind.PLANNED,
                "### planned\n\n" + marker.render() + "\n", Instant.now(), before, after);
    }

    private static String path(long issue) {
        return "/api/v1/repos/o/r/issues/" + issue + "/comments";
    }

    private void noComments(long issue) {
        wiremock.stubFor(get(urlPathEqualTo(path(issue))).willReturn(okJson("[]")));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutThenPostedOnce() {
        noComments(183);
        wiremock.stubFor(post(urlEqualTo(path(183))).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        wiremock.stubFor(post(urlEqualTo(path(183))).inScenario("limited").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":1}")));

        Delivered delivered = delivery(5, Duration.ofMillis(10)).deliver(comment(183, "planned", IssueAction.NONE, IssueAction.NONE));

        assertThat(delivered.result()).isEqualTo(Delivered.Result.POSTED);
        List<ServeEvent> posts = wiremock.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(posts).extracting(e -> e.getResponse().getStatus()).containsExactly(429, 201);
        assertThat(posts.get(1).getRequest().getLoggedDate().getTime() - posts.get(0).getRequest().getLoggedDate().getTime())
                .as("the second attempt waits out Retry-After").isGreaterThanOrEqualTo(1000);
        assertThat(registry.counter("medic.notifier.comments.retried", "forge", "forgejo", "state", "planned").count()).isEqualTo(1);
        assertThat(registry.counter("medic.notifier.comments.posted", "forge", "forgejo", "state", "planned").count()).isEqualTo(1);
    }

    @Test
    void aMarkerAlreadyOnTheIssuePostsNothingAfterARedeliveryOrARestart() {
        Comment comment = comment(183, "planned", IssueAction.NONE, IssueAction.NONE);
        wiremock.stubFor(get(urlPathEqualTo(path(183))).willReturn(okJson("[{\"id\":1,\"body\":\"a person\"},"
                + "{\"id\":2,\"body\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(comment.body()) + "}]")));
        wiremock.stubFor(post(urlEqualTo(path(183))).willReturn(aResponse().withStatus(201).withBody("{}")));

        assertThat(delivery(3, Duration.ofMillis(10)).deliver(comment).result()).isEqualTo(Delivered.Result.ALREADY_THERE);
        // a restarted notifier remembers nothing and still finds the marker on the issue
        assertThat(delivery(3, Duration.ofMillis(10)).deliver(comment).result()).isEqualTo(Delivered.Result.ALREADY_THERE);
        wiremock.verify(0, postRequestedFor(urlPathEqualTo(path(183))));
        assertThat(registry.counter("medic.notifier.comments.skipped", "forge", "forgejo", "state", "planned").count()).isEqualTo(2);
    }

    @Test
    void repeated500sGiveUpWhileAnotherIssuesCommentsGoThrough() throws Exception {
        noComments(500);
        noComments(501);
        wiremock.stubFor(post(urlEqualTo(path(500))).willReturn(aResponse().withStatus(500)));
        wiremock.stubFor(post(urlEqualTo(path(501))).willReturn(aResponse().withStatus(201).withBody("{}")));
        IssueLanes lanes = new IssueLanes(10, delivery(4, Duration.ofMillis(400))::deliver);

        CompletableFuture<Delivered> failing = lanes.submit(comment(500, "planned", IssueAction.NONE, IssueAction.NONE));
        CompletableFuture<Delivered> other = lanes.submit(comment(501, "planned", IssueAction.NONE, IssueAction.NONE));

        assertThat(other.get(10, TimeUnit.SECONDS).result()).isEqualTo(Delivered.Result.POSTED);
        assertThat(failing).as("the failing issue is still retrying when the other one's comment is posted").isNotDone();
        Delivered gaveUp = failing.get(20, TimeUnit.SECONDS);
        assertThat(gaveUp.gaveUp()).isTrue();
        assertThat(gaveUp.reason()).contains("not posted after 4 attempts", "500", "forgejo:o/r#500");
        wiremock.verify(4, postRequestedFor(urlEqualTo(path(500))));
        assertThat(registry.counter("medic.notifier.comments.dead.lettered", "forge", "forgejo", "state", "planned").count()).isEqualTo(1);
    }

    @Test
    void aClientErrorGivesUpAtOnce() {
        noComments(404);
        wiremock.stubFor(post(urlEqualTo(path(404))).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"no such issue\"}")));
        Delivered delivered = delivery(5, Duration.ofMillis(10)).deliver(comment(404, "planned", IssueAction.NONE, IssueAction.NONE));
        assertThat(delivered.reason()).contains("refused", "404");
        wiremock.verify(1, postRequestedFor(urlEqualTo(path(404))));
    }

    @Test
    void aFullQueueRefusesAtOnceInsteadOfBlocking() throws Exception {
        noComments(600);
        wiremock.stubFor(post(urlEqualTo(path(600))).willReturn(aResponse().withStatus(201).withFixedDelay(500)));
        IssueLanes lanes = new IssueLanes(1, delivery(1, Duration.ofMillis(10))::deliver);
        CompletableFuture<Delivered> first = lanes.submit(comment(600, "a", IssueAction.NONE, IssueAction.NONE));
        CompletableFuture<Delivered> second = lanes.submit(comment(600, "b", IssueAction.NONE, IssueAction.NONE));
        CompletableFuture<Delivered> third = lanes.submit(comment(600, "c", IssueAction.NONE, IssueAction.NONE));
        assertThat(List.of(second, third)).anyMatch(f -> f.isDone() && f.join().reason() != null
                && f.join().reason().contains("is full"));
        assertThat(first.get(10, TimeUnit.SECONDS).result()).isEqualTo(Delivered.Result.POSTED);
    }

    @Test
    void recoveryClosesTheIssueAndTheNextIncidentReopensIt() {
        String issue = "/api/v1/repos/o/r/issues/183";
        Marker recovered = new Marker("inc-0", "plan-0", "recovered");
        wiremock.stubFor(get(urlPathEqualTo(path(183))).willReturn(okJson("[{\"id\":1,\"body\":\"" + recovered.render() + "\"}]")));
        wiremock.stubFor(get(urlEqualTo(issue)).willReturn(okJson("{\"number\":183,\"state\":\"closed\",\"labels\":[]}")));
        wiremock.stubFor(patch(urlEqualTo(issue)).willReturn(okJson("{}")));
        wiremock.stubFor(post(urlEqualTo(path(183))).willReturn(aResponse().withStatus(201).withBody("{}")));

        delivery(3, Duration.ofMillis(10)).deliver(comment(183, "detected", IssueAction.REOPEN_IF_MEDIC_CLOSED, IssueAction.NONE));
        wiremock.verify(patchRequestedFor(urlEqualTo(issue)).withRequestBody(equalToJson("{\"state\":\"open\"}")));

        delivery(3, Duration.ofMillis(10)).deliver(comment(183, "recovered", IssueAction.NONE, IssueAction.CLOSE));
        wiremock.verify(patchRequestedFor(urlEqualTo(issue)).withRequestBody(equalToJson("{\"state\":\"closed\"}")));
    }
}
