package io.medic.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files pin the wire format: a change to a record that changes its JSON fails here, and must
 * be a deliberate, versioned change (regenerate with {@code -Dmedic.golden.update=true}).
 */
class WireFormatTests {

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("signal.json", Samples.signal()),
                Arguments.of("plan.json", Samples.plan()),
                Arguments.of("plan-image-drift.json", Samples.imageDriftPlan()),
                Arguments.of("plan-needs-human.json", Samples.needsHumanPlan()),
                Arguments.of("decision.json", Samples.decision()),
                Arguments.of("decision-automatic.json", Samples.automaticDecision()),
                Arguments.of("execution-step.json", Samples.execution()),
                Arguments.of("execution-finished.json", Samples.finished()),
                Arguments.of("dead-letter.json", Samples.deadLetter()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void encodesToTheGoldenFile(String file, Object event) throws IOException {
        Path golden = Path.of("src/test/resources/golden", file);
        String actual = EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n";
        if (Boolean.getBoolean("medic.golden.update")) {
            Files.writeString(golden, actual);
        }
        JsonNode expected = EventCodec.mapper().readTree(Files.readString(golden));
        assertThat(EventCodec.mapper().readTree(actual)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void decodesTheGoldenFileToTheSameRecord(String file, Object event) throws IOException {
        byte[] golden = Files.readAllBytes(Path.of("src/test/resources/golden", file));
        assertThat(EventCodec.decode(golden, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void toleratesAnUnknownExtraField(String file, Object event) throws IOException {
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(Path.of("src/test/resources/golden", file).toFile());
        tree.put("addedByANewerProducer", "ignored");
        tree.putObject("nested").put("also", 1);
        byte[] withExtra = EventCodec.mapper().writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        assertThat(EventCodec.decode(withExtra, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void keepsItsDigestAcrossTheWire(String file, Object event) throws IOException {
        if (event instanceof Plan plan) {
            Plan decoded = EventCodec.decode(Files.readAllBytes(Path.of("src/test/resources/golden", file)), Plan.class);
            assertThat(decoded.digestValid()).isTrue();
            assertThat(decoded.digest()).isEqualTo(plan.digest());
        }
    }
}
