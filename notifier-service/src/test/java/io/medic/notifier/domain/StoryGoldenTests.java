package io.medic.notifier.domain;

import io.medic.events.Execution;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.notifier.SeedIncident;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The comments of the seed incident's stories, pinned as golden files (reviewed by eye: they must read well). */
class StoryGoldenTests {

    static final String SEPARATOR = "\n\n---\n\n";
    private static final IssueRef ISSUE = new IssueRef("forgejo", "forgejo_admin", "basketball-api", 183);

    static StoryTeller teller(OnRecovery onRecovery) {
        return new StoryTeller(new CommentRenderer("https://medic.example.org", onRecovery, "medic/recovered"),
                (story, signal) -> StoryTeller.Resolution.to(new IssueTarget.Linked(ISSUE)), onRecovery);
    }

    static List<Comment> tell(OnRecovery onRecovery, List<? extends MedicEvent> events) {
        StoryBook book = new StoryBook(100);
        Story story = null;
        for (MedicEvent e : events) {
            story = book.apply(e).orElse(story);
        }
        return teller(onRecovery).tell(book.story(story.incidentId()).orElseThrow()).comments();
    }

    static String joined(List<Comment> comments) {
        return comments.stream().map(Comment::body).collect(Collectors.joining(SEPARATOR));
    }

    @Test
    void theSeedIncidentHealedAutomatically() {
        Plan plan = SeedIncident.plan();
        List<MedicEvent> events = new ArrayList<>(List.of(SeedIncident.signal(), plan, SeedIncident.automaticApproval(plan)));
        events.addAll(SeedIncident.recovered(plan));
        List<Comment> comments = tell(OnRecovery.COMMENT, events);
        assertThat(comments).extracting(c -> c.marker().state())
                .containsExactly("detected", "planned", "approved", "rehearsed", "recovered");
        assertThat(comments).extracting(c -> c.marker().plan())
                .containsExactly("-", plan.id(), plan.id(), plan.id(), plan.id());
        Golden.assertMatches("seed-story.md", joined(comments));
    }

    @Test
    void aSupersededPlanIsFollowedByWhyThenTheNewPlan() {
        Plan first = SeedIncident.plan();
        Plan second = SeedIncident.needsHumanPlan("plan-2d4b6f8a0c1e", first.id(), first.createdAt().plusSeconds(300));
        List<Comment> comments = tell(OnRecovery.COMMENT, List.of(SeedIncident.signal(), second, first));
        assertThat(comments).extracting(c -> c.marker().state() + "@" + c.marker().plan())
                .containsExactly("detected@-", "planned@" + first.id(), "superseded@" + first.id(),
                        "planned@" + second.id());
        Golden.assertMatches("superseded.md", joined(comments.subList(2, 4)));
    }

    @Test
    void aFailedStepSaysWhatRanWhatFailedAndWhatToDo() {
        Plan plan = SeedIncident.plan();
        List<MedicEvent> events = new ArrayList<>(List.of(SeedIncident.signal(), plan, SeedIncident.automaticApproval(plan)));
        events.addAll(SeedIncident.failedAtStamp(plan));
        List<Comment> comments = tell(OnRecovery.COMMENT, events);
        assertThat(comments).extracting(c -> c.marker().state())
                .containsExactly("detected", "planned", "approved", "rehearsed", "failed");
        String failed = comments.get(4).body();
        assertThat(failed).doesNotContain("hunter2", "postgresql://");
        Golden.assertMatches("failed.md", failed);
    }

    @Test
    void aStalePlanAsksForTheNextOne() {
        Plan plan = SeedIncident.plan();
        List<MedicEvent> events = new ArrayList<>(List.of(SeedIncident.signal(), plan, SeedIncident.automaticApproval(plan)));
        events.addAll(SeedIncident.stale(plan));
        List<Comment> comments = tell(OnRecovery.COMMENT, events);
        assertThat(comments).extracting(c -> c.marker().state()).containsExactly("detected", "planned", "approved", "stale");
        Golden.assertMatches("stale.md", comments.get(3).body());
    }

    @Test
    void aRejectionSaysWhoAndWhy() {
        Plan plan = SeedIncident.plan();
        List<Comment> comments = tell(OnRecovery.COMMENT, List.of(SeedIncident.signal(), plan, SeedIncident.rejection(plan)));
        assertThat(comments).extracting(c -> c.marker().state()).containsExactly("detected", "planned", "rejected");
        Golden.assertMatches("rejected.md", comments.get(2).body());
    }

    @Test
    void onRecoveryCloseReopensForTheNextIncidentAndLabelLabels() {
        Plan plan = SeedIncident.plan();
        List<MedicEvent> events = new ArrayList<>(List.of(SeedIncident.signal(), plan, SeedIncident.automaticApproval(plan)));
        events.addAll(SeedIncident.recovered(plan));
        List<Comment> closing = tell(OnRecovery.CLOSE, events);
        assertThat(closing.get(0).before()).isEqualTo(IssueAction.REOPEN_IF_MEDIC_CLOSED);
        assertThat(closing.get(4).after()).isEqualTo(IssueAction.CLOSE);
        assertThat(closing.get(4).body()).contains("Medic closes this issue");
        List<Comment> labelling = tell(OnRecovery.LABEL, events);
        assertThat(labelling.get(0).before()).isEqualTo(IssueAction.NONE);
        assertThat(labelling.get(4).after()).isEqualTo(IssueAction.LABEL);
        assertThat(tell(OnRecovery.COMMENT, events).get(4).after()).isEqualTo(IssueAction.NONE);
    }

    @Test
    void nothingIsToldBeforeTheSignalNamesTheIssue() {
        Plan plan = SeedIncident.plan();
        StoryBook book = new StoryBook(10);
        Story story = book.apply(plan).orElseThrow();
        assertThat(teller(OnRecovery.COMMENT).tell(story).comments()).isEmpty();
        Signal signal = SeedIncident.signal();
        assertThat(teller(OnRecovery.COMMENT).tell(book.apply(signal).orElseThrow()).comments())
                .extracting(c -> c.marker().state()).containsExactly("detected", "planned");
    }

    @Test
    void executionsReadBeforeTheirDecisionWaitForIt() {
        Plan plan = SeedIncident.plan();
        StoryBook book = new StoryBook(10);
        book.apply(SeedIncident.signal());
        book.apply(plan);
        Story story = null;
        for (Execution e : SeedIncident.recovered(plan)) {
            story = book.apply(e).orElse(story);
        }
        assertThat(teller(OnRecovery.COMMENT).tell(story).comments()).extracting(c -> c.marker().state())
                .as("the executions' consumer ran ahead of the decisions'").containsExactly("detected", "planned");
        story = book.apply(SeedIncident.automaticApproval(plan)).orElseThrow();
        assertThat(teller(OnRecovery.COMMENT).tell(story).comments()).extracting(c -> c.marker().state())
                .containsExactly("detected", "planned", "approved", "rehearsed", "recovered");
    }

    @Test
    void executionsReadBeforeTheirPlanWaitForIt() {
        Plan plan = SeedIncident.plan();
        StoryBook book = new StoryBook(10);
        book.apply(SeedIncident.signal());
        for (Execution e : SeedIncident.recovered(plan)) {
            assertThat(book.apply(e)).isEmpty();
        }
        assertThat(book.apply(SeedIncident.automaticApproval(plan))).isEmpty();
        Story story = book.apply(plan).orElseThrow();
        assertThat(teller(OnRecovery.COMMENT).tell(story).comments()).extracting(c -> c.marker().state())
                .containsExactly("detected", "planned", "approved", "rehearsed", "recovered");
        // applying everything again changes nothing
        SeedIncident.recovered(plan).forEach(book::apply);
        assertThat(book.story(story.incidentId()).orElseThrow().executions(plan.id()))
                .hasSize(SeedIncident.recovered(plan).size());
    }
}
