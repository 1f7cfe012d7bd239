package io.medic.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            postgresql://basketball:hunter2@db:5432/basketball => postgresql://basketball:***@db:5432/basketball
            DATABASE_URL=postgresql+psycopg2://app:p@ss:w0rd@db/app?sslmode=require => DATABASE_URL=postgresql+psycopg2://app:***@db/app?sslmode=require
            redis://:only-a-password@cache:6379/0 => redis://:***@cache:6379/0
            host=db user=app password=hunter2 dbname=app => host=db user=app password=*** dbname=app
            PGPASSWORD='hunter2' psql => PGPASSWORD=*** psql
            {"db_password": "hunter2", "user": "app"} => {"db_password": ***, "user": "app"}
            [parameters: {'password': 'hunter2'}] => [parameters: {'password': ***}]
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig => Authorization: Bearer ***
            curl -H 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l' => curl -H 'Authorization: Basic ***'
            calling api with bearer abc.def-ghi => calling api with bearer ***
            https://hooks.example.com/x?token=tok_123&team=1 => https://hooks.example.com/x?token=***&team=1
            GITHUB_TOKEN=ghp_abc123 => GITHUB_TOKEN=***
            api_key: sk-live-123 => api_key: ***
            migrate --password hunter2 --verbose => migrate --password *** --verbose
            CREATE ROLE app LOGIN PASSWORD 'hunter2' => CREATE ROLE app LOGIN PASSWORD ***
            aws key AKIAIOSFODNN7EXAMPLE used => aws key *** used
            jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl seen => jwt *** seen
            """)
    void hidesSecrets(String input, String expected) {
        assertThat(Redactor.redact(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            FATAL:  password authentication failed for user "basketball"
            column "custom_notes" of relation "players" already exists
            relation "oauth_tokens" does not exist
            https://sqlalche.me/e/14/f405
            connection to server at "127.0.0.1", port 5432 failed: Connection refused
            Can't locate revision identified by '018'
            """)
    void leavesOrdinaryLogTextAlone(String input) {
        assertThat(Redactor.redact(input)).isEqualTo(input);
    }

    @Test
    void hidesAPrivateKeyBlock() {
        String text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\ndone";

        assertThat(Redactor.redact(text)).doesNotContain("MIIEowIBAAKCAQEA").endsWith("done");
    }

    /** Tokens in the formats on-call logs hold, made up here (random, so nothing real is stored). */
    static List<String> tokens(long seed) {
        Random random = new Random(seed);
        return List.of(
                "ghp_" + chars(random, ALNUM, 36), "gho_" + chars(random, ALNUM, 36), "ghs_" + chars(random, ALNUM, 36),
                "ghu_" + chars(random, ALNUM, 36), "github_pat_" + chars(random, ALNUM, 22) + "_" + chars(random, ALNUM, 59),
                "glpat-" + chars(random, ALNUM + "-_", 20), "xoxb-" + chars(random, DIGITS, 12) + "-" + chars(random, DIGITS, 13)
                        + "-" + chars(random, ALNUM, 24), "xoxp-" + chars(random, DIGITS, 12) + "-" + chars(random, ALNUM, 32),
                "xoxa-2-" + chars(random, ALNUM, 30), "xoxr-" + chars(random, ALNUM, 40), "AIza" + chars(random, ALNUM + "-_", 35));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenFormats")
    void hidesForgeChatAndCloudTokensWherever(String format, String token) {
        String text = "pushing with " + token + " to origin";

        assertThat(Redactor.redact(text)).as(format).isEqualTo("pushing with *** to origin");
        assertThat(Redactor.redact("{\"t\": \"" + token + "\"}")).isEqualTo("{\"t\": \"***\"}");
    }

    static Stream<Arguments> tokenFormats() {
        return tokens(6).stream().map(t -> Arguments.of(
                t.startsWith("github_pat_") ? "github_pat_" : t.startsWith("AIza") ? "AIza" : t.substring(0, t.split("[_-]")[0].length() + 1), t));
    }

    @Test
    void hidesFortyHexForgeTokensAndCredentialsInCloneUrls() {
        Random random = new Random(40);
        String hex = chars(random, "0123456789abcdef", 40);
        String glpat = "glpat-" + chars(random, ALNUM, 20);
        String password = chars(random, ALNUM, 16);

        assertThat(Redactor.redact("curl -H 'Authorization: token " + hex + "' https://forge/api/v1/repos"))
                .isEqualTo("curl -H 'Authorization: token ***' https://forge/api/v1/repos");
        assertThat(Redactor.redact("notifier: using token " + hex + " for medic-bot")).isEqualTo("notifier: using token *** for medic-bot");
        assertThat(Redactor.redact("Cloning into 'app'... git clone https://oauth2:" + glpat + "@gitlab.example.com/group/app.git"))
                .isEqualTo("Cloning into 'app'... git clone https://oauth2:***@gitlab.example.com/group/app.git");
        assertThat(Redactor.redact("remote: https://medic-bot:" + password + "@forge.example.com/org/app.git"))
                .isEqualTo("remote: https://medic-bot:***@forge.example.com/org/app.git");
        assertThat(Redactor.redact("fatal: could not read from https://" + hex + "@github.com/org/app.git"))
                .isEqualTo("fatal: could not read from https://***@github.com/org/app.git");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            ghp_ tokens are rotated nightly
            checked out commit 3f786850e387550fdab836ed7e6dc881de23001b
            token expired, requesting a new one
            glpat-short xoxb- AIza
            https://github.com/org/app.git
            git@github.com:org/app.git
            -----END CERTIFICATE-----
            """)
    void leavesLookalikesAlone(String input) {
        assertThat(Redactor.redact(input)).isEqualTo(input);
    }

    @Test
    void hidesTheRestOfAKeyWhoseBeginLineIsGone() {
        List<String> body = keyBody(new Random(3), 12);
        String text = "warming up\n" + String.join("\n", body) + "\n-----END RSA PRIVATE KEY-----\nloading done";

        String redacted = Redactor.redact(text);

        assertThat(redacted).isEqualTo("warming up\n" + "***\n".repeat(12) + "-----END RSA PRIVATE KEY-----\nloading done");
    }

    @Test
    void aKeysBodyBecomesOneMaskPerLineSoLinesKeepTheirNumbers() {
        List<String> body = keyBody(new Random(4), 5);
        String text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + String.join("\n", body) + "\n-----END OPENSSH PRIVATE KEY-----\ndone";

        assertThat(Redactor.redact(text)).isEqualTo("key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + "***\n".repeat(5)
                + "-----END OPENSSH PRIVATE KEY-----\ndone");
    }

    @Test
    void aLongBase64BlockAtTheStartOfALogIsTheRestOfAKey() {
        List<String> lines = new ArrayList<>(keyBody(new Random(5), 3));
        lines.add("Traceback (most recent call last):");
        lines.add("KeyError: 'x'");

        assertThat(Redactor.redactLines(lines)).containsExactly("***", "***", "***", "Traceback (most recent call last):", "KeyError: 'x'");
        assertThat(Redactor.redactLines(List.of("c2hvcnQ=", "INFO ok"))).as("too short to be a key").containsExactly("c2hvcnQ=", "INFO ok");
    }

    /** {@code lines} lines of a PEM body: 64 base64 characters each, the last one shorter and padded. */
    static List<String> keyBody(Random random, int lines) {
        List<String> body = new ArrayList<>();
        for (int i = 0; i < lines - 1; i++) {
            body.add(chars(random, ALNUM + "+/", 64));
        }
        body.add(chars(random, ALNUM + "+/", 22) + "==");
        return body;
    }

    static String chars(Random random, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static final String DIGITS = "0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + DIGITS;

    @Test
    void isLinearOnAHugeWord() {
        String huge = "x".repeat(200_000) + "password" + "y".repeat(200_000);

        assertThat(Redactor.redact(huge)).hasSize(huge.length());
    }
}
