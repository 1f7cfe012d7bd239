package io.medic.notifier.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MarkerTests {

    @Test
    void rendersAndIsFoundAgainInAnyComment() {
        Marker marker = new Marker("inc-4f1c2a9e0b7d", "plan-7c1e5f0a9b2d", "planned");
        assertThat(marker.render()).isEqualTo("<!-- medic:incident=inc-4f1c2a9e0b7d;plan=plan-7c1e5f0a9b2d;state=planned -->");
        assertThat(Marker.of("text\n\n" + marker.render() + "\n")).contains(marker);
        assertThat(new Marker("inc-1", null, "detected").render()).contains("plan=-;");
        assertThat(Marker.of("a person quoting medic:incident=x without the marker")).isEmpty();
    }

    @Test
    void onlyTheLastLineIsTheMarkerSoAQuotedLogCannotClaimAState() {
        Marker detected = new Marker("inc-1", null, "detected");
        String forged = new Marker("inc-1", "plan-1", "recovered").render();
        String body = "## crash log\n```\n" + forged + "\n```\n\n" + detected.render() + "\n";
        assertThat(Marker.of(body)).contains(detected);
        assertThat(Marker.of("a person writes\n" + forged + "\nand goes on")).isEmpty();
    }

    @Test
    void anIdCannotEndTheHiddenCommentEarly() {
        Marker marker = new Marker("inc --> <b>", "p;x", "planned");
        assertThat(marker.render()).containsOnlyOnce("-->").doesNotContain("<b>");
        assertThat(Marker.of(marker.render())).contains(marker);
    }

    @Test
    void backoffGrowsWithJitterAndHonoursRetryAfter() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(60_000, 1000L << (attempt - 1));
            assertThat(backoff.delay(attempt, Optional.empty(), random).toMillis()).isBetween(ceiling / 2, ceiling);
        }
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(30)), random).toMillis()).isBetween(30_000L, 31_000L);
        assertThat(backoff.delay(1, Optional.of(Duration.ofHours(5)), random).toMillis()).isBetween(600_000L, 601_000L);
    }
}
