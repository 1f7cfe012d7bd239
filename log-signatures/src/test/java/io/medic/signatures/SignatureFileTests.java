package io.medic.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                "signature 1 (a): regex 1 does not compile: Unclosed group");
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
