package io.medic.signatures;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureMatcherTests {

    private final SignatureMatcher matcher = new SignatureMatcher(SignatureCatalog.builtIn());

    @Test
    void anOomKilledTerminationWinsWhateverTheLogSays() {
        LogAnalysis analysis = matcher.analyze("loading 2 GB of fixtures\nrelation \"players\" does not exist\n", "OOMKilled");

        assertThat(analysis.signature().id()).isEqualTo("container.oom-killed");
        assertThat(analysis.specific()).isTrue();
        assertThat(analysis.excerpt()).endsWith("relation \"players\" does not exist");
    }

    @Test
    void theFailureNearestTheEndOfTheLogIsTheCause() {
        String log = "connection to server at \"db\" (10.0.0.5), port 5432 failed: Connection refused\n"
                + "retrying in 2s\n"
                + "psycopg2.errors.DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists\n";

        assertThat(matcher.analyze(log, "Error").signature().id()).isEqualTo("db.duplicate-column");
    }

    @Test
    void aColumnErrorIsNotMistakenForATableError() {
        LogAnalysis analysis = matcher.analyze("column \"is_public\" of relation \"players\" does not exist", null);

        assertThat(analysis.signature().id()).isEqualTo("db.undefined-column");
        assertThat(analysis.signature().fields()).isEqualTo(Map.of("table", "players", "column", "is_public"));
    }

    @Test
    void anUnknownLogGivesTheGenericSignatureWithTheLastExceptionLine() {
        String log = "Traceback (most recent call last):\n  File \"/app/x.py\", line 1\n    raise RuntimeError('first')\n"
                + "RuntimeError: first\n\nDuring handling of the above exception, another exception occurred:\n\n"
                + "app.errors.StartupError: cache at redis://:s3cret@cache:6379 unreachable\nshutting down\n";

        LogAnalysis analysis = matcher.analyze(log, "Error");

        assertThat(analysis.specific()).isFalse();
        assertThat(analysis.signature().id()).isEqualTo(SignatureMatcher.GENERIC_ID);
        assertThat(analysis.signature().fields()).isEqualTo(Map.of(
                "exception", "app.errors.StartupError",
                "line", "app.errors.StartupError: cache at redis://:***@cache:6379 unreachable"));
        assertThat(analysis.excerpt()).contains("shutting down").doesNotContain("s3cret");
    }

    @Test
    void goJavaAndCliFailuresAreFoundByTheGenericSignature() {
        assertThat(matcher.analyze("starting\npanic: runtime error: invalid memory address\n\ngoroutine 1 [running]:\nmain.main()\n", null)
                .signature().fields()).containsEntry("line", "panic: runtime error: invalid memory address");
        assertThat(matcher.analyze("Exception in thread \"main\" java.lang.IllegalStateException: no config\n\tat x.Main.main(Main.java:3)\n", null)
                .signature().fields()).containsEntry("exception", "java.lang.IllegalStateException");
        assertThat(matcher.analyze("2026-03-27 05:41:07 ERROR could not start: missing table\nbye\n", null)
                .signature().fields()).containsEntry("line", "ERROR could not start: missing table");
    }

    @Test
    void anEmptyLogGivesTheGenericSignatureWithoutFields() {
        LogAnalysis analysis = matcher.analyze("", "Error");

        assertThat(analysis.signature().id()).isEqualTo(SignatureMatcher.GENERIC_ID);
        assertThat(analysis.signature().fields()).isEmpty();
        assertThat(analysis.excerpt()).isEmpty();
    }

    @Test
    void theExcerptIsCappedButKeepsTheFailingLineAndTheEnd() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            log.append("INFO step ").append(i).append(' ').append("x".repeat(60)).append('\n');
        }
        log.append("psycopg2.errors.UndefinedTable: relation \"player_teams\" does not exist\n");
        for (int i = 0; i < 150; i++) {
            log.append("INFO shutdown ").append(i).append(' ').append("y".repeat(60)).append('\n');
        }
        log.append("exit 1\n");

        String excerpt = new SignatureMatcher(SignatureCatalog.builtIn(), 2048).analyze(log.toString(), null).excerpt();

        assertThat(Excerpt.bytes(excerpt)).isLessThanOrEqualTo(2048);
        assertThat(excerpt).contains("relation \"player_teams\" does not exist").contains("lines omitted").endsWith("exit 1");
    }

    @Test
    void theFailingLineIsKeptEvenWhenItsContextAloneExceedsTheCap() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            log.append("DEBUG ").append("x".repeat(1000)).append('\n');
        }
        log.append("relation \"oauth_tokens\" already exists\n");

        String excerpt = new SignatureMatcher(SignatureCatalog.builtIn(), 4096).analyze(log.toString(), null).excerpt();

        assertThat(Excerpt.bytes(excerpt)).isLessThanOrEqualTo(4096);
        assertThat(excerpt).startsWith("… ").endsWith("relation \"oauth_tokens\" already exists");
    }

    @Test
    void fieldsAreRedactedAndBounded() throws Exception {
        SignatureCatalog catalog = SignatureCatalog.builtIn().plus(SignatureFile.parse("""
                signatures:
                  - id: myapp.bad-url
                    severity: low
                    regex: 'bad url (?<url>\\S+)'
                """, "test"));

        LogAnalysis analysis = new SignatureMatcher(catalog).analyze("bad url postgresql://u:hunter2@db/x" + "z".repeat(400), null);

        assertThat(analysis.signature().fields().get("url")).startsWith("postgresql://u:***@db/x").hasSizeLessThan(300);
    }
}
