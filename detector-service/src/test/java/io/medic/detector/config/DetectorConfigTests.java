package io.medic.detector.config;

import io.medic.signatures.LogAnalysis;
import io.medic.signatures.SignatureMatcher;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code medic.detector.*} keys as an operator sets them, and the user signature file they point to. */
class DetectorConfigTests {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DetectorConfig config = config(Map.of());

        assertThat(config.restartThreshold()).isEqualTo(2);
        assertThat(config.quietPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.namespaces()).isEmpty();
        assertThat(config.labelSelector()).isEmpty();
        assertThat(config.logTailLines()).isEqualTo(200);
        assertThat(config.logMaxBytes()).isEqualTo(65536);
        assertThat(config.excerptMaxBytes()).isEqualTo(8192);
        assertThat(config.escalationThresholds()).containsExactly(10, 30, 100);
        assertThat(config.incidentLookback()).isEqualTo(Duration.ofDays(7));
        assertThat(config.workers()).isEqualTo(16);
    }

    @Test
    void keysAreRead() {
        DetectorConfig config = config(Map.of("medic.detector.restart-threshold", "3",
                "medic.detector.quiet-period", "PT5M", "medic.detector.namespaces", "basketball-api,westside",
                "medic.detector.label-selector", "medic.io/watch=true", "medic.detector.escalation-thresholds", "5,50"));

        assertThat(config.restartThreshold()).isEqualTo(3);
        assertThat(config.quietPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.namespaces()).contains(List.of("basketball-api", "westside"));
        assertThat(config.labelSelector()).contains("medic.io/watch=true");
        assertThat(config.escalationThresholds()).containsExactly(5, 50);
    }

    @Test
    void aUserSignatureFileIsAddedWithoutRebuilding(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("signatures.yaml"), """
                signatures:
                  - id: basketball.roster-sync
                    severity: medium
                    regex: 'roster sync for team (?<team>\\d+) failed'
                """);

        SignatureMatcher matcher = new DetectorBeans().signatureMatcher(config(Map.of("medic.detector.signatures-file", file.toString())));
        LogAnalysis analysis = matcher.analyze("ERROR roster sync for team 42 failed\n", "Error");

        assertThat(analysis.signature().id()).isEqualTo("basketball.roster-sync");
        assertThat(analysis.signature().fields()).isEqualTo(Map.of("team", "42"));
    }

    @Test
    void anInvalidSignatureFileStopsTheDetectorWithItsReason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("signatures.yaml"), "signatures:\n  - id: x\n    severity: high\n    regex: '(oops'\n");
        DetectorConfig config = config(Map.of("medic.detector.signatures-file", file.toString()));

        assertThatThrownBy(() -> new DetectorBeans().signatureMatcher(config))
                .hasMessageContaining("medic.detector.signatures-file is invalid")
                .hasMessageContaining("regex 1 does not compile");
    }

    @Test
    void aSignatureThatOnlyABacktrackingMatcherCanRunStopsTheDetectorWithItsReason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("signatures.yaml"),
                "signatures:\n  - id: x\n    severity: high\n    regex: 'relation (?=\"players\")'\n");
        DetectorConfig config = config(Map.of("medic.detector.signatures-file", file.toString()));

        assertThatThrownBy(() -> new DetectorBeans().signatureMatcher(config))
                .hasMessageContaining("medic.detector.signatures-file is invalid")
                .hasMessageContaining("regex 1 uses a lookahead '(?=' at character 10");
    }

    private static DetectorConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DetectorConfig.class)
                .withSources(new MapBackedConfigSource("test", properties) {
                })
                .build();
        return config.getConfigMapping(DetectorConfig.class);
    }
}
