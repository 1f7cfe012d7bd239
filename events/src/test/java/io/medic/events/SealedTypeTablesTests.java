package io.medic.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire-name tables cover their sealed types one to one, and the wire uses exactly those names. */
class SealedTypeTablesTests {

    @Test
    void everyStepRecordHasExactlyOneRowInTheStepTable() {
        Set<Class<?>> permitted = Set.of(Step.class.getPermittedSubclasses());
        Set<Class<?>> listed = Arrays.stream(StepType.values()).map(StepType::recordClass).collect(Collectors.toSet());
        assertThat(listed).isEqualTo(permitted).hasSize(StepType.values().length);
        assertThat(Arrays.stream(StepType.values()).map(StepType::wireName).distinct()).hasSize(StepType.values().length);
    }

    @Test
    void everyBlockerRecordHasExactlyOneRowInTheBlockerTable() {
        Set<Class<?>> permitted = Set.of(Blocker.class.getPermittedSubclasses());
        Set<Class<?>> listed = Arrays.stream(BlockerKind.values()).map(BlockerKind::recordClass)
                .collect(Collectors.toSet());
        assertThat(listed).isEqualTo(permitted).hasSize(BlockerKind.values().length);
        assertThat(Arrays.stream(BlockerKind.values()).map(BlockerKind::wireName).distinct())
                .hasSize(BlockerKind.values().length);
    }

    @Test
    void aStepIsWrittenWithItsWireNameAndKnowsItsRow() {
        Plan plan = Samples.plan();
        ObjectNode tree = EventCodec.mapper().valueToTree(plan);
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            assertThat(tree.withArray("steps").get(i).get("type").asText()).isEqualTo(step.type().wireName());
            assertThat(step.type().recordClass()).isEqualTo(step.getClass());
        }
    }

    @Test
    void aBlockerIsWrittenWithItsKindAndReadBackAsData() {
        Diagnosis diagnosis = Samples.needsHuman();
        ObjectNode tree = EventCodec.mapper().valueToTree(diagnosis);
        assertThat(tree.withArray("blockers").get(0).get("kind").asText()).isEqualTo("partially-applied");
        assertThat(tree.withArray("blockers").get(0).has("text")).isFalse();
        Blocker first = diagnosis.blockers().get(0);
        assertThat(first).isInstanceOf(Blocker.PartiallyApplied.class);
        assertThat(first.text()).startsWith("revision 019 is only partly applied");
    }

    @Test
    void anUnknownBlockerKindIsMalformed() {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.needsHumanPlan());
        ((ObjectNode) tree.with("diagnosis").withArray("blockers").get(0)).put("kind", "gremlins");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString().getBytes(StandardCharsets.UTF_8), Plan.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("gremlins");
    }

    @Test
    void aNeedsHumanDiagnosisWithoutABlockerCannotExist() {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.needsHumanPlan());
        tree.with("diagnosis").putArray("blockers");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString().getBytes(StandardCharsets.UTF_8), Plan.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("blocker");
    }

    @Test
    void writingStepsAreMarkedInTheTable() {
        assertThat(Arrays.stream(StepType.values()).filter(StepType::writes))
                .containsExactlyInAnyOrder(StepType.ALEMBIC_STAMP, StepType.ALEMBIC_UPGRADE,
                        StepType.RESTART_WORKLOAD, StepType.ROLL_FORWARD_IMAGE);
    }
}
