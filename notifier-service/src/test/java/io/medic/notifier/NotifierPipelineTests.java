package io.medic.notifier;

import io.medic.events.DeadLetter;
import io.medic.events.EventCodec;
import io.medic.events.Execution;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.events.Topics;
import io.medic.notifier.domain.Marker;
import io.medic.testsupport.KafkaBroker;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.KafkaTestClient;
import io.medic.testsupport.forge.ForgejoStandIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notifier as it runs: real Kafka in, real HTTP out (the Forgejo stand-in and WireMock). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ForgesResource.class)
class NotifierPipelineTests {

    private static final Duration WAIT = Duration.ofSeconds(45);

    private static void publish(KafkaTestClient kafka, MedicEvent event) {
        kafka.send(event.eventType().topic(), event.key(), EventCodec.encode(event),
                Map.of("ce_type", event.eventType().type(), "ce_id", event.eventId()));
    }

    private static double metric(String name, String labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? ([0-9.E+-]+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static double processed() {
        return metric("medic_events_consumed_total", "outcome=\"processed\",service=\"notifier-service\"");
    }

    private static List<String> markers(List<ForgejoStandIn.Comment> comments, String incident) {
        List<String> states = new ArrayList<>();
        comments.forEach(c -> Marker.of(c.body()).stream().filter(m -> m.incident().equals(incident))
                .forEach(m -> states.add(m.state())));
        return states;
    }

    @Test
    void theSeedStoryReachesTheIssueInOrderAndARedeliveryPostsNothingNew() {
        String incident = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        String issueUrl = ForgesResource.standIn.baseUrl() + "/forgejo_admin/basketball-api/issues/183";
        Signal signal = SeedIncident.signal(incident, issueUrl, SeedIncident.LOG);
        Plan plan = SeedIncident.plan("plan-" + incident, incident, null, Instant.now());
        List<MedicEvent> story = new ArrayList<>(List.of(signal, plan, SeedIncident.automaticApproval(plan)));
        story.addAll(SeedIncident.recovered(plan));

        try (KafkaTestClient kafka = new KafkaTestClient()) {
            story.forEach(e -> publish(kafka, e));
            await().atMost(WAIT).untilAsserted(() -> assertThat(markers(ForgesResource.standIn.comments(SeedIncident.ISSUE), incident))
                    .containsExactly("detected", "planned", "approved", "rehearsed", "recovered"));

            double before = processed();
            story.forEach(e -> publish(kafka, e));
            await().atMost(WAIT).until(() -> processed() >= before + story.size());
        }
        assertThat(markers(ForgesResource.standIn.comments(SeedIncident.ISSUE), incident)).hasSize(5);
        assertThat(ForgesResource.standIn.comments(SeedIncident.ISSUE)).allSatisfy(c ->
                assertThat(c.body()).doesNotContain(ForgesResource.STANDIN_TOKEN, "postgresql://"));
        assertThat(metric("medic_notifier_comments_posted_total", "forge=\"standin\",state=\"recovered\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric("medic_notifier_event_to_comment_seconds_count", "forge=\"standin\",state=\"planned\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRetryAfterIsWaitedOutAndTheOffsetCommitsOnlyOnceTheCommentIsPosted() throws Exception {
        String incident = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        String issue = "forgejo_admin/basketball-api#185";
        Signal signal = SeedIncident.signal(incident, ForgesResource.standIn.baseUrl() + "/forgejo_admin/basketball-api/issues/185",
                SeedIncident.LOG);
        int requestsBefore = ForgesResource.standIn.requests().size();
        ForgesResource.standIn.failNext(1, 429, 2);
        Instant published = Instant.now();
        try (KafkaTestClient kafka = new KafkaTestClient(); Admin admin = admin()) {
            publish(kafka, signal);
            TopicPartition partition = new TopicPartition(Topics.SIGNALS, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            await().atMost(WAIT).until(() -> ForgesResource.standIn.requests().size() > requestsBefore);
            assertThat(ForgesResource.standIn.comments(issue)).isEmpty();
            assertThat(committed(admin, partition)).as("not committed while the comment waits").isLessThan(end);

            await().atMost(WAIT).until(() -> markers(ForgesResource.standIn.comments(issue), incident).contains("detected"));
            assertThat(Duration.between(published, ForgesResource.standIn.comments(issue).get(0).createdAt()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            await().atMost(WAIT).until(() -> committed(admin, partition) >= end);
        }
        assertThat(markers(ForgesResource.standIn.comments(issue), incident)).containsExactly("detected");
    }

    @Test
    void repeated500sEndInTheDeadLetterTopicWhileAnotherIncidentsCommentsGoThrough() {
        String failing = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        String healthy = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        var wiremock = ForgesResource.wiremock;
        wiremock.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/shop/issues/500/comments")).willReturn(aResponse().withStatus(500)));
        wiremock.stubFor(get(urlPathEqualTo("/api/v1/repos/acme/shop/issues/501/comments")).willReturn(okJson("[]")));
        wiremock.stubFor(post(urlEqualTo("/api/v1/repos/acme/shop/issues/501/comments"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":1}")));
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            publish(kafka, SeedIncident.signal(failing, "acme/shop#500", "boom"));
            publish(kafka, SeedIncident.signal(healthy, "acme/shop#501", "boom"));
            await().atMost(WAIT).untilAsserted(() ->
                    wiremock.verify(1, postRequestedFor(urlEqualTo("/api/v1/repos/acme/shop/issues/501/comments"))));
            Instant otherPosted = Instant.now();
            DeadLetter letter = EventCodec.decode(kafka.awaitOne(Topics.DEAD_LETTER, r -> new String(
                    EventCodec.decode(r.value(), DeadLetter.class).value(), StandardCharsets.UTF_8).contains(failing), WAIT).value(),
                    DeadLetter.class);
            assertThat(letter.topic()).isEqualTo(Topics.SIGNALS);
            assertThat(letter.service()).isEqualTo("notifier-service");
            assertThat(letter.reason()).contains("not posted after 3 attempts", "500", "acme/shop#500")
                    .doesNotContain("wiremock-t0ken");
            assertThat(letter.at()).isAfterOrEqualTo(otherPosted.minusSeconds(1));
        }
    }

    @Test
    void anIssueReferenceThatDoesNotParseIsReportedOnceAndNotRetried() {
        String incident = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        double before = metric("medic_notifier_issue_references_invalid_total", "");
        double processedBefore = processed();
        Signal first = SeedIncident.signal(incident, "not an issue", "boom");
        Signal second = new Signal(incident, 2, io.medic.events.SignalKind.ESCALATED, first.workload(), first.workloadRevision(),
                first.container(), first.lastTermination(), 5, first.signature(), first.logExcerpt(), first.recentEvents(),
                first.links(), first.firstSeenAt(), first.detectedAt().plusSeconds(60));
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            publish(kafka, first);
            publish(kafka, second);
        }
        await().atMost(WAIT).until(() -> processed() >= processedBefore + 2);
        assertThat(metric("medic_notifier_issue_references_invalid_total", "")).isEqualTo(before + 1);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()));
    }

    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("medic-notifier").partitionsToOffsetAndMetadata()
                .get().get(partition);
        return offset == null ? -1 : offset.offset();
    }
}
