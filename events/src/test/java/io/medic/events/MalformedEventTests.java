package io.medic.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MalformedEventTests {

    private static byte[] signalWithout(String field) {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.signal());
        tree.remove(field);
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingRequiredFieldIsNamedInTheReason() {
        assertThatThrownBy(() -> EventCodec.decode(signalWithout("incidentId"), Signal.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("incidentId");
    }

    @Test
    void aMissingNestedFieldIsNamedInTheReason() {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.signal());
        ((ObjectNode) tree.get("workload")).remove("namespace");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString().getBytes(StandardCharsets.UTF_8), Signal.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("workload.namespace");
    }

    @Test
    void aMissingNumberIsNamedInTheReason() {
        assertThatThrownBy(() -> EventCodec.decode(signalWithout("restartCount"), Signal.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("Signal: missing required field 'restartCount'");
    }

    @Test
    void aWrongTypeIsMalformed() {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.signal());
        tree.put("restartCount", "many");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString().getBytes(StandardCharsets.UTF_8), Signal.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("restartCount");
    }

    @Test
    void anUnknownStepTypeIsMalformed() {
        ObjectNode tree = EventCodec.mapper().valueToTree(Samples.plan());
        ((ObjectNode) tree.withArray("steps").get(0)).put("type", "drop-database");
        assertThatThrownBy(() -> EventCodec.decode(tree.toString().getBytes(StandardCharsets.UTF_8), Plan.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("drop-database");
    }

    @Test
    void notJsonIsMalformed() {
        assertThatThrownBy(() -> EventCodec.decode("{\"incidentId\":".getBytes(StandardCharsets.UTF_8), Signal.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> EventCodec.decode(new byte[0], Signal.class))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("null".getBytes(StandardCharsets.UTF_8), Signal.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aTamperedPlanFailsItsDigest() {
        Plan plan = Samples.plan();
        Plan tampered = new Plan(plan.id(), plan.incidentId(), plan.workload(), plan.migrationContainer(),
                plan.database(), plan.diagnoser(), plan.risk(), plan.summary(), plan.diagnosis(),
                plan.steps().subList(1, plan.steps().size()), plan.supersedes(), plan.firstSeenAt(), plan.createdAt(),
                plan.expiresAt(), plan.digest());
        assertThat(plan.digestValid()).isTrue();
        assertThat(tampered.digestValid()).isFalse();
    }

    @Test
    void imageTagsAreReadFromReferences() {
        assertThat(ContainerRef.tagOf("registry.local:5000/team/basketball-api:15f3047")).isEqualTo("15f3047");
        assertThat(ContainerRef.tagOf("registry.local:5000/team/basketball-api")).isNull();
        assertThat(ContainerRef.tagOf("basketball-api:737093f@sha256:abcd")).isEqualTo("737093f");
        assertThat(ContainerRef.tagOf("basketball-api@sha256:abcd")).isNull();
    }
}
