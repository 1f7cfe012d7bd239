package io.medic.signatures;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret survives into what a signal carries, however the excerpt's window or the log's tail cuts it:
 * the log is redacted whole before the excerpt is chosen, and a key whose BEGIN line was cut off with the
 * start of the log is recognised by its END line, or by being a long base64 block at the very start.
 * Keys and tokens are made up here at random, so no fixture holds one.
 */
class SecretsInTheExcerptTests {

    private static final String FAILURE = "psycopg2.errors.UndefinedTable: relation \"player_teams\" does not exist";
    private final SignatureMatcher matcher = new SignatureMatcher(SignatureCatalog.builtIn());

    @Test
    void aPrivateKeyLongerThanTheExcerptWindowLeaksNoLine() {
        List<String> body = RedactorTests.keyBody(new Random(1), 60);
        List<String> log = new ArrayList<>(List.of("INFO starting", "INFO loading the signing key", "-----BEGIN RSA PRIVATE KEY-----"));
        log.addAll(body);
        log.add("-----END RSA PRIVATE KEY-----");
        for (int i = 0; i < 10; i++) {
            log.add("INFO step " + i);
        }
        log.add(FAILURE);
        log.add("exit 1");

        for (int cap : new int[] {LogLimits.EXCERPT_MAX_BYTES, 2048}) {
            LogAnalysis analysis = new SignatureMatcher(SignatureCatalog.builtIn(), cap).analyze(String.join("\n", log), null);

            assertThat(analysis.signature().id()).isEqualTo("db.undefined-table");
            assertThat(analysis.excerpt()).as("the window starts inside the key, 20 lines above the failure")
                    .doesNotContain("-----BEGIN").contains("***\n-----END RSA PRIVATE KEY-----").endsWith(FAILURE + "\nexit 1");
            assertNoneOf(body, analysis);
        }
    }

    @Test
    void aPrivateKeyCutByTheLogTailsLineLimitLeaksNoLine() throws IOException {
        List<String> body = RedactorTests.keyBody(new Random(2), 250);
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            log.append("INFO boot ").append(i).append('\n');
        }
        log.append("-----BEGIN PRIVATE KEY-----\n").append(String.join("\n", body)).append("\n-----END PRIVATE KEY-----\n");
        log.append(FAILURE).append('\n');

        LogTail tail = LogTail.read(stream(log), LogLimits.TAIL_LINES, LogLimits.MAX_BYTES);
        LogAnalysis analysis = matcher.analyze(tail.text(), null);

        assertThat(tail.text()).as("the tail starts inside the key").doesNotContain("-----BEGIN").contains(body.get(body.size() - 1));
        assertThat(analysis.signature().id()).isEqualTo("db.undefined-table");
        assertNoneOf(body, analysis);
    }

    @Test
    void aPrivateKeyCutByTheLogTailsByteLimitLeaksNoLine() throws IOException {
        List<String> body = RedactorTests.keyBody(new Random(3), 100);
        String log = "-----BEGIN EC PRIVATE KEY-----\n" + String.join("\n", body) + "\n-----END EC PRIVATE KEY-----\n" + FAILURE + "\n";

        LogTail tail = LogTail.read(stream(log), LogLimits.TAIL_LINES, 4096);
        LogAnalysis analysis = matcher.analyze(tail.text(), null);

        assertThat(tail.truncated()).isTrue();
        assertNoneOf(body, analysis);
        assertThat(analysis.excerpt()).endsWith("***\n-----END EC PRIVATE KEY-----\n" + FAILURE);
    }

    @Test
    void aKeyWithNeitherItsBeginNorItsEndLineLeaksNoLine() throws IOException {
        // the program printed a key and died before its END line; the tail starts inside it
        List<String> body = RedactorTests.keyBody(new Random(4), 300);
        String log = "-----BEGIN RSA PRIVATE KEY-----\n" + String.join("\n", body.subList(0, 299)) + "\n"
                + "Traceback (most recent call last):\nValueError: could not deserialize key data\n";

        LogAnalysis analysis = matcher.analyze(LogTail.read(stream(log), LogLimits.TAIL_LINES, LogLimits.MAX_BYTES).text(), null);

        assertThat(analysis.signature().fields()).containsEntry("exception", "ValueError");
        assertNoneOf(body, analysis);
        assertThat(analysis.excerpt()).contains("***\nTraceback (most recent call last):");
    }

    @Test
    void noTokenSurvivesInTheExcerptTheLineOrTheFields() {
        List<String> tokens = RedactorTests.tokens(9);
        StringBuilder log = new StringBuilder("INFO boot\n");
        for (String token : tokens) {
            log.append("DEBUG using credential ").append(token).append('\n');
        }
        String hex = RedactorTests.chars(new Random(10), "0123456789abcdef", 40);
        log.append("DEBUG GET /api/v1/repos Authorization: token ").append(hex).append('\n');
        log.append("RuntimeError: push to https://x-access-token:").append(tokens.get(2)).append("@github.com/org/app.git failed\n");

        LogAnalysis analysis = matcher.analyze(log.toString(), null);

        assertThat(analysis.signature().fields()).containsEntry("line",
                "RuntimeError: push to https://x-access-token:***@github.com/org/app.git failed");
        List<String> secrets = new ArrayList<>(tokens);
        secrets.add(hex);
        assertNoneOf(secrets, analysis);
        assertThat(analysis.excerpt()).contains("DEBUG using credential ***\n").contains("Authorization: token ***");
    }

    private static void assertNoneOf(List<String> secrets, LogAnalysis analysis) {
        String published = analysis.excerpt() + "\n" + analysis.evidenceLine() + "\n" + analysis.signature().fields();
        for (String secret : secrets) {
            assertThat(published).as("published evidence").doesNotContain(secret);
        }
    }

    private static ByteArrayInputStream stream(CharSequence log) {
        return new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.UTF_8));
    }
}
