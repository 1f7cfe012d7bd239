package io.medic.detector.domain;

import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Signal;
import io.medic.events.SignalKind;
import io.medic.events.SignatureMatch;
import io.medic.events.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentBookTests {

    private static final Instant T0 = Instant.parse("2026-03-27T05:41:07Z");
    private static final IncidentKey KEY = new IncidentKey(new WorkloadRef("basketball-api", "Deployment", "basketball-api"),
            ContainerKind.APP, "api");
    private static final SignatureMatch DUPLICATE_COLUMN = new SignatureMatch("db.duplicate-column", 1, "high",
            Map.of("table", "players", "column", "custom_notes"));
    private static final SignatureMatch UNKNOWN_REVISION = new SignatureMatch("alembic.unknown-revision", 1, "high",
            Map.of("revision", "018"));

    private final IncidentBook book = new IncidentBook(List.of(10, 30, 100));

    @Test
    void oneIncidentPerEpisodeWhateverTheNumberOfRestarts() {
        IncidentBook.Outcome opened = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow();

        assertThat(opened.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(opened.incident().sequence()).isEqualTo(1);
        assertThat(opened.incident().id()).isEqualTo(IncidentIds.of(KEY, "7d9f8c6b5", "db.duplicate-column", T0));
        for (int restarts = 3; restarts < 10; restarts++) {
            assertThat(book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, restarts, T0.plusSeconds(restarts * 30L))).isEmpty();
        }
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void aDifferentSignatureOrAnEscalationUpdatesTheSameIncident() {
        String id = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow().incident().id();

        IncidentBook.Outcome changed = book.observe(KEY, "7d9f8c6b5", UNKNOWN_REVISION, 3, T0).orElseThrow();
        IncidentBook.Outcome escalated = book.observe(KEY, "7d9f8c6b5", UNKNOWN_REVISION, 10, T0).orElseThrow();

        assertThat(changed.kind()).isEqualTo(SignalKind.SIGNATURE_CHANGED);
        assertThat(changed.incident().id()).isEqualTo(id);
        assertThat(changed.incident().sequence()).isEqualTo(2);
        assertThat(escalated.kind()).isEqualTo(SignalKind.ESCALATED);
        assertThat(escalated.incident().sequence()).isEqualTo(3);
        assertThat(book.observe(KEY, "7d9f8c6b5", UNKNOWN_REVISION, 29, T0)).isEmpty();
        assertThat(book.observe(KEY, "7d9f8c6b5", UNKNOWN_REVISION, 31, T0).orElseThrow().kind()).isEqualTo(SignalKind.ESCALATED);
    }

    @Test
    void aNewRevisionIsANewEpisode() {
        String first = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow().incident().id();

        IncidentBook.Outcome next = book.observe(KEY, "6b7c8d9e0", DUPLICATE_COLUMN, 2, T0.plusSeconds(90)).orElseThrow();

        assertThat(next.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(next.incident().id()).isNotEqualTo(first);
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void aClosedEpisodeOpensANewIncidentOnTheNextCrash() {
        String first = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow().incident().id();

        assertThat(book.close(i -> i.key().equals(KEY))).hasSize(1);
        IncidentBook.Outcome next = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 9, T0.plusSeconds(1200)).orElseThrow();

        assertThat(next.kind()).isEqualTo(SignalKind.OPENED);
        assertThat(next.incident().id()).isNotEqualTo(first);
    }

    @Test
    void aSignalThatCouldNotBePublishedIsTakenBack() {
        IncidentBook.Outcome opened = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow();
        book.rollback(opened);
        assertThat(book.size()).isZero();

        book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 2, T0).orElseThrow();
        IncidentBook.Outcome escalated = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 10, T0).orElseThrow();
        book.rollback(escalated);
        assertThat(book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 11, T0).orElseThrow().kind()).isEqualTo(SignalKind.ESCALATED);
    }

    @Test
    void isRebuiltFromPublishedSignalsAndDoesNotReannounce() {
        String id = IncidentIds.of(KEY, "7d9f8c6b5", "db.duplicate-column", T0);
        book.restore(List.of(signal(id, 1, SignalKind.OPENED, 2, T0.plusSeconds(1)),
                signal(id, 2, SignalKind.ESCALATED, 12, T0.plusSeconds(600)),
                signal("inc-older-episode", 1, SignalKind.OPENED, 2, T0.minusSeconds(86_400))));

        assertThat(book.incidents()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.sequence()).isEqualTo(2);
        });
        assertThat(book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 20, T0)).isEmpty();
        IncidentBook.Outcome next = book.observe(KEY, "7d9f8c6b5", DUPLICATE_COLUMN, 30, T0).orElseThrow();
        assertThat(next.incident().id()).isEqualTo(id);
        assertThat(next.incident().sequence()).isEqualTo(3);
    }

    private static Signal signal(String id, int sequence, SignalKind kind, int restarts, Instant at) {
        return new Signal(id, sequence, kind, KEY.workload(), "7d9f8c6b5",
                new ContainerRef("api", ContainerKind.APP, "registry.local/basketball-api:15f3047", "15f3047", "pod", null),
                null, restarts, DUPLICATE_COLUMN, "", List.of(), null, T0, at);
    }
}
