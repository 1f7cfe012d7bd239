package io.medic.signatures;

import io.medic.signatures.testing.AdversarialLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Crafted 64 KiB logs (built here, never stored) that made the backtracking engine take minutes or overflow
 * its stack: the whole analysis (normalising, every built-in signature, the generic fallback, redaction, the
 * excerpt) now answers, and answers right. The deadline is generous (the benchmark has the figures, well
 * under 50 ms); it is there so that a pattern that backtracks again fails the build instead of hanging it.
 */
class LinearTimeTests {

    private static final int LOG_BYTES = LogLimits.MAX_BYTES;
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    /** What each crafted log fires: the crafted messages are real ones, and must still be found. */
    private static final Map<AdversarialLog, String> FIRES = Map.of(
            AdversarialLog.REFUSED_THEN_SPACES, "db.connection-refused",
            AdversarialLog.ORDINARY_LOG, "db.duplicate-column",
            AdversarialLog.EVERY_LITERAL, "db.authentication-failed");

    private final SignatureMatcher matcher = new SignatureMatcher(SignatureCatalog.builtIn());

    @ParameterizedTest(name = "{0}")
    @EnumSource(AdversarialLog.class)
    void theWholeAnalysisOfACraftedLogAnswersAndAnswersRight(AdversarialLog shape) {
        String log = shape.text(LOG_BYTES);

        LogAnalysis analysis = assertTimeoutPreemptively(DEADLINE, () -> matcher.analyze(log, null), shape.shape());

        assertThat(analysis.signature().id()).as(shape.shape()).isEqualTo(FIRES.getOrDefault(shape, SignatureMatcher.GENERIC_ID));
        assertThat(Excerpt.bytes(analysis.excerpt())).isLessThanOrEqualTo(LogLimits.EXCERPT_MAX_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AdversarialLog.class)
    void redactingACraftedLogAnswersWithAsManyLines(AdversarialLog shape) {
        String log = shape.text(LOG_BYTES);

        String redacted = assertTimeoutPreemptively(DEADLINE, () -> Redactor.redact(log), shape.shape());

        assertThat(redacted.lines().count()).isEqualTo(log.lines().count());
    }

    @Test
    void theConnectionRefusedMessageBeforeTheSpacesIsStillRead() {
        String log = AdversarialLog.REFUSED_THEN_SPACES.text(LOG_BYTES) + " port 5432?\n";

        LogAnalysis analysis = assertTimeoutPreemptively(DEADLINE, () -> matcher.analyze(log, null));

        assertThat(analysis.signature().fields()).isEqualTo(Map.of("host", "db", "port", "5432"));
    }

    @Test
    void aDottedNameOfAnyLengthIsReadWithoutOverflowingTheStackAndOnlyAShortOneIsAnExceptionType() {
        String longName = AdversarialLog.DOTTED_NAME.text(LOG_BYTES);
        String type = "a.".repeat((LastException.MAX_TYPE_CHARS - 10) / 2) + "ValueError";

        LogAnalysis tooLong = assertTimeoutPreemptively(DEADLINE, () -> matcher.analyze(longName, null));
        LogAnalysis named = assertTimeoutPreemptively(DEADLINE, () -> matcher.analyze(longName + "\n" + type + ": boom", null));

        assertThat(tooLong.signature().fields()).isEmpty();
        assertThat(named.signature().fields()).containsEntry("exception", type).containsEntry("line", type + ": boom");
    }

    @Test
    void aUsersPatternWithNestedQuantifiersCannotStallTheDetector() throws Exception {
        // (x+x+)+y on x...x backtracks exponentially in java.util.regex; RE2 runs it once over the text
        SignatureCatalog catalog = SignatureCatalog.builtIn().plus(SignatureFile.parse("""
                signatures:
                  - id: myapp.nested
                    severity: low
                    regex: '(?<run>(x+x+)+y)'
                """, "test"));
        String log = "x".repeat(LOG_BYTES);

        LogAnalysis analysis = assertTimeoutPreemptively(DEADLINE, () -> new SignatureMatcher(catalog).analyze(log, null));
        LogAnalysis fired = assertTimeoutPreemptively(DEADLINE, () -> new SignatureMatcher(catalog).analyze(log + "y", null));

        assertThat(analysis.signature().id()).isEqualTo(SignatureMatcher.GENERIC_ID);
        assertThat(fired.signature().id()).isEqualTo("myapp.nested");
        assertThat(fired.signature().fields().get("run")).hasSize(257).startsWith("xxx").endsWith("…");
    }
}
