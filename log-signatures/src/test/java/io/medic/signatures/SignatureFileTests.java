package io.medic.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureFileTests {

    @TempDir
    Path dir;

    @Test
    void aUsersSignatureFiresWithItsFieldsAndVersion() throws Exception {
        Path file = write("""
                signatures:
                  - id: myapp.missing-setting
                    version: 3
                    severity: low
                    regex: 'setting (?<name>[A-Z_]+) is required'
                """);

        LogAnalysis analysis = new SignatureMatcher(SignatureCatalog.withUserFile(file))
                .analyze("booting\nRuntimeError: setting REDIS_URL is required\n", null);

        assertThat(analysis.signature().id()).isEqualTo("myapp.missing-setting");
        assertThat(analysis.signature().version()).isEqualTo(3);
        assertThat(analysis.signature().severity()).isEqualTo("low");
        assertThat(analysis.signature().fields()).isEqualTo(Map.of("name", "REDIS_URL"));
        assertThat(analysis.specific()).isTrue();
    }

    @Test
    void aUsersSignatureWithABuiltInsIdReplacesIt() throws Exception {
        Path file = write("""
                signatures:
                  - id: db.duplicate-column
                    version: 7
                    severity: critical
                    regex: 'column "(?<column>[^"]+)" of relation "(?<table>[^"]+)" already exists'
                    fields: [column]
                """);
        SignatureCatalog catalog = SignatureCatalog.withUserFile(file);

        LogAnalysis analysis = new SignatureMatcher(catalog)
                .analyze("DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists", null);

        assertThat(catalog.signatures()).filteredOn(s -> s.id().equals("db.duplicate-column")).hasSize(1);
        assertThat(analysis.signature().version()).isEqualTo(7);
        assertThat(analysis.signature().fields()).isEqualTo(Map.of("column", "custom_notes"));
    }

    @Test
    void aHigherPriorityWinsOverAMatchNearerTheEnd() throws Exception {
        Path file = write("""
                signatures:
                  - id: myapp.flaky-dns
                    severity: info
                    priority: 90
                    regex: 'Temporary failure in name resolution'
                """);

        LogAnalysis analysis = new SignatureMatcher(SignatureCatalog.withUserFile(file)).analyze(
                "Temporary failure in name resolution\nrelation \"players\" already exists\n", null);

        assertThat(analysis.signature().id()).isEqualTo("myapp.flaky-dns");
    }

    @Test
    void invalidFilesAreRejectedWithTheirReason() throws IOException {
        assertInvalid("signatures: [", "not valid YAML");
        assertInvalid("rules: []", "expected a mapping with a 'signatures' list");
        assertInvalid("signatures: {}", "'signatures' must be a list");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex: '(unclosed'\n",
                "signature 1 (a): regex 1 does not compile: missing closing ) near '(unclosed'");
        assertInvalid("signatures:\n  - id: a\n    regex: 'x'\n", "signature 1 (a): missing 'severity'");
        assertInvalid("signatures:\n  - id: a\n    severity: urgent\n    regex: 'x'\n", "severity must be one of");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regexp: 'x'\n", "unknown key 'regexp'");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n", "needs a regex or a termination-reason");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex: 'x (?<table>\\w+)'\n    fields: [column]\n",
                "field 'column' is not a named group");
        assertInvalid("signatures:\n  - {id: a, severity: high, regex: x}\n  - {id: a, severity: low, regex: y}\n",
                "signature 2 (a): id 'a' is defined twice");
        assertInvalid("signatures:\n  - {id: generic.exception, severity: high, regex: x}\n", "reserved");
        assertInvalid("signatures:\n  - {id: Bad Id, severity: high, regex: x}\n", "must be lowercase");
        assertInvalid("signatures:\n  - {id: a, severity: high, regex: x, version: two}\n", "'version' must be a whole number");
    }

    @Test
    void bothNamedGroupSyntaxesBecomeFields() throws Exception {
        Path file = write("""
                signatures:
                  - id: myapp.roster-sync
                    severity: medium
                    regex: 'roster sync for team (?<team>\\d+) failed in (?P<phase>[a-z]+)'
                """);

        LogAnalysis analysis = new SignatureMatcher(SignatureCatalog.withUserFile(file))
                .analyze("ERROR roster sync for team 42 failed in warmup\n", null);

        assertThat(analysis.signature().fields()).isEqualTo(Map.of("team", "42", "phase", "warmup"));
    }

    @Test
    void notAfterSaysWhatALookbehindWouldHaveSaid() throws Exception {
        Path file = write("""
                signatures:
                  - id: myapp.locked
                    severity: medium
                    regex:
                      - pattern: '\\brelation\\s+"(?<table>[^"]+)"\\s+is\\s+locked'
                        not-after: [of, for]
                """);
        SignatureMatcher matcher = new SignatureMatcher(SignatureCatalog.withUserFile(file));

        assertThat(matcher.analyze("ERROR: relation \"players\" is locked\n", null).signature().fields())
                .isEqualTo(Map.of("table", "players"));
        assertThat(matcher.analyze("ERROR: index \"ix\" of relation \"players\" is locked\n", null).signature().id())
                .isEqualTo(SignatureMatcher.GENERIC_ID);
        assertThat(matcher.analyze("ERROR: proof of  relation \"teams\" is locked\n", null).signature().fields())
                .as("two spaces: not right after the word").isEqualTo(Map.of("table", "teams"));
    }

    @Test
    void aRegexEntryIsAPatternOrAPatternWithNotAfter() throws IOException {
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex:\n      - {pattern: x, not-after: ['two words']}\n",
                "signature 1 (a): regex 1 has not-after 'two words', which must be one word (letters, digits, '_')");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex:\n      - {not-after: [of]}\n",
                "signature 1 (a): regex 1: missing 'pattern'");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex:\n      - {pattern: x, unless: y}\n",
                "signature 1 (a): regex 1: unknown key 'unless' (allowed: [not-after, pattern])");
        assertInvalid("signatures:\n  - id: a\n    severity: high\n    regex:\n      - [x]\n",
                "signature 1 (a): 'regex' must be a string, or a list of strings or {pattern, not-after} mappings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            relation "(?<t>[^"]+)"(?! already) => a negative lookahead '(?!' at character 23
            (?<=ERROR )relation => a lookbehind '(?<=' at character 1
            x (?<!of )relation => a negative lookbehind '(?<!' at character 3
            column "(?<c>\\w+)"(?=\\s+of) => a lookahead '(?=' at character 19
            (["'])(?<name>\\w+)\\1 => a backreference '\\1' at character 19
            (?<q>["'])x\\k<q> => a named backreference '\\k<' at character 12
            (?>\\w+)\\s+failed => an atomic group '(?>' at character 1
            [a-z]++ failed => a possessive quantifier '++' at character 6
            """)
    void patternsThatOnlyABacktrackingMatcherCanRunAreRefusedWithTheConstructAndWhere(String regex, String reason) throws IOException {
        Path file = write("signatures:\n  - id: myapp.x\n    severity: high\n    regex: 'ok'\n  - id: myapp.y\n    severity: high\n"
                + "    regex:\n      - 'fine'\n      - '" + regex.replace("'", "''") + "'\n");

        assertThatThrownBy(() -> SignatureFile.read(file)).as(regex)
                .isInstanceOf(SignatureFileException.class)
                .hasMessage(file + ": signature 2 (myapp.y): regex 2 uses " + reason + ", which only a backtracking matcher "
                        + "can run; signatures are matched in linear time (RE2 syntax: no lookaround, backreferences, "
                        + "atomic groups or possessive quantifiers)");
    }

    @Test
    void aReasonStaysOnePrintableLineWhateverTheFileHolds() throws IOException {
        Path file = write("signatures:\n  - id: a\n    severity: high\n    regex: \"\\u001bP(unclosed\\u0007\\n\"\n"
                + "  - id: \"b\\nc\"\n    severity: high\n    regex: x\n");
        Path badId = write("signatures:\n  - id: \"b\\nc\\u001b[2J\"\n    severity: high\n    regex: x\n");

        assertThatThrownBy(() -> SignatureFile.read(file))
                .isInstanceOf(SignatureFileException.class)
                .hasMessageContaining("regex 1 does not compile: missing closing ) near '\\u001BP(unclosed\\u0007\\n'")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b").hasMessageNotContaining("\u0007");
        assertThatThrownBy(() -> SignatureFile.read(badId))
                .isInstanceOf(SignatureFileException.class)
                .hasMessageContaining("signature 1 (b\\nc\\u001B[2J): id 'b\\nc\\u001B[2J' must be lowercase")
                .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b");
    }

    @Test
    void anUnreadableFileIsReported() {
        assertThatThrownBy(() -> SignatureCatalog.withUserFile(dir.resolve("missing.yaml")))
                .isInstanceOf(SignatureFileException.class).hasMessageContaining("missing.yaml: cannot read");
    }

    @Test
    void theBuiltInCatalogHasEverySignatureTheDetectorPromises() {
        List<String> ids = SignatureCatalog.builtIn().signatures().stream().map(Signature::id).toList();

        assertThat(ids).contains("db.duplicate-column", "db.duplicate-table", "db.duplicate-object", "db.undefined-column",
                "db.undefined-table", "alembic.unknown-revision", "alembic.multiple-heads", "alembic.broken-revision-map",
                "alembic.overlapping-revisions", "db.connection-refused", "db.authentication-failed", "container.oom-killed");
    }

    private void assertInvalid(String yaml, String reason) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> SignatureFile.read(file)).as(yaml)
                .isInstanceOf(SignatureFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(reason);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "signatures", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
