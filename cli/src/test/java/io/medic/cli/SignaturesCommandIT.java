package io.medic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.events.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/medic signatures} through the real launcher and the packaged jar, as users test their signatures. */
class SignaturesCommandIT {

    private static final Path LOGS = MedicProcess.checkout().resolve("log-signatures/src/test/resources/logs");

    @Test
    void theSeedIncidentsLogFiresDuplicateColumnWithItsFieldsAndExitsZero() throws IOException {
        MedicProcess run = MedicProcess.run("signatures", "--log", LOGS.resolve("duplicate-column/kubectl-timestamps.log").toString(),
                "--format", "json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode json = EventCodec.mapper().readTree(run.stdout());
        assertThat(json.at("/signature/id").asText()).isEqualTo("db.duplicate-column");
        assertThat(json.at("/signature/fields/table").asText()).isEqualTo("players");
        assertThat(json.at("/signature/fields/column").asText()).isEqualTo("custom_notes");
    }

    @Test
    void theOldImagesLogFiresUnknownRevision() {
        MedicProcess run = MedicProcess.run("signatures", "--log", LOGS.resolve("unknown-revision/flask-migrate.log").toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alembic.unknown-revision").contains("revision = 018");
    }

    @Test
    void secretsNeverReachTheOutput() {
        MedicProcess run = MedicProcess.run("signatures", "--log", LOGS.resolve("duplicate-column/with-secrets.log").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.all()).doesNotContain("hunter2").doesNotContain("ghp_AbCdEf").contains("basketball:***@");
    }

    @Test
    void onlyTheGenericSignatureExitsOne(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), "booting\nRuntimeError: the flux capacitor is empty\n");

        MedicProcess run = MedicProcess.run("signatures", "--log", log.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("generic.exception");
    }

    @Test
    void badInputExitsTwoWithTheReason(@TempDir Path dir) throws IOException {
        Path invalid = Files.writeString(dir.resolve("signatures.yaml"), "signatures:\n  - id: a\n    regex: x\n");

        MedicProcess missing = MedicProcess.run("signatures", "--log", dir.resolve("nope.log").toString());
        MedicProcess badFile = MedicProcess.run("signatures", "--log", LOGS.resolve("generic/python-valueerror.log").toString(),
                "--signatures", invalid.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("cannot read log").contains("no such file");
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.stderr()).contains("invalid signature file").contains("missing 'severity'");
    }

    @Test
    void aSignatureFileWithABackreferenceExitsTwoWithAOneLineReason(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "signatures:\n  - id: myapp.repeat\n    severity: low\n    regex: '(?<word>\\w+) \\1 again'\n");

        MedicProcess run = MedicProcess.run("signatures", "--signatures", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip()).doesNotContain("\n").startsWith("medic signatures: invalid signature file: " + bad)
                .contains("signature 1 (myapp.repeat): regex 1 uses a backreference '\\1' at character 14")
                .doesNotContain("Exception");
    }
}
