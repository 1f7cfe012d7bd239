package io.medic.planner.domain;

import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;
import io.medic.events.schema.SchemaShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the cluster's steps go around the engine's, and when the plan checks the health path over HTTP: only when
 * the workload asks for it with {@code medic.io/health-path} and a port is known; otherwise a warning says why not.
 */
class RecoveryStepsTests {

    private static final WorkloadRef WORKLOAD = new WorkloadRef("shop", "Deployment", "basketball-api");
    private static final ContainerRef CRASHED = new ContainerRef("api", ContainerKind.APP, "basketball-api:15f3047",
            "15f3047", "basketball-api-1", null);
    private static final RolloutChecks CHECKS = new RolloutChecks(Duration.ofMinutes(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), 200);
    private static final List<Step> ENGINE = List.of(
            new Step.VerifyPrecondition(List.of("018"), "fingerprint"),
            new Step.AlembicStamp(List.of("020"), true, List.of("018"), List.of("020")),
            new Step.VerifyPostcondition(List.of("024"), SchemaShape.EMPTY, "head-fingerprint"));

    private static WorkloadFacts facts(Map<String, String> annotations, List<Integer> ports) {
        return new WorkloadFacts(WORKLOAD, true, annotations, Map.of(), Map.of(),
                List.of(new WorkloadFacts.Container("api", "basketball-api:15f3047", ports)));
    }

    private static List<Class<?>> types(RecoverySteps.Result result) {
        return result.steps().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void withoutAHealthPathThePlanHasNoHttpCheckAndNoWarning() {
        RecoverySteps.Result result = RecoverySteps.around(ENGINE, WORKLOAD, CRASHED, facts(Map.of(), List.of(8000)), CHECKS);
        assertThat(types(result)).containsExactly(Step.VerifyPrecondition.class, Step.AlembicStamp.class,
                Step.RestartWorkload.class, Step.AwaitRollout.class, Step.VerifyPostcondition.class);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aHealthPathIsCheckedOnTheCrashedContainersFirstPortBeforeThePostCondition() {
        RecoverySteps.Result result = RecoverySteps.around(ENGINE, WORKLOAD, CRASHED,
                facts(Map.of(PlannerAnnotations.HEALTH_PATH, "/health"), List.of(8000, 9000)), CHECKS);
        assertThat(result.steps().get(result.steps().size() - 2))
                .isEqualTo(new Step.VerifyHttp(WORKLOAD, 8000, "/health", 200, Duration.ofSeconds(10)));
        assertThat(result.steps().get(result.steps().size() - 1)).isInstanceOf(Step.VerifyPostcondition.class);
    }

    @Test
    void aHealthPathWithoutAKnownPortOrALeadingSlashIsLeftOutWithAWarning() {
        RecoverySteps.Result noPort = RecoverySteps.around(ENGINE, WORKLOAD, CRASHED,
                facts(Map.of(PlannerAnnotations.HEALTH_PATH, "/health"), List.of()), CHECKS);
        assertThat(noPort.steps()).noneMatch(s -> s instanceof Step.VerifyHttp);
        assertThat(noPort.warnings()).singleElement().asString().contains("no port is known", "no HTTP check");

        RecoverySteps.Result relative = RecoverySteps.around(ENGINE, WORKLOAD, CRASHED,
                facts(Map.of(PlannerAnnotations.HEALTH_PATH, "health"), List.of(8000)), CHECKS);
        assertThat(relative.steps()).noneMatch(s -> s instanceof Step.VerifyHttp);
        assertThat(relative.warnings()).singleElement().asString().contains("does not start with '/'");
    }
}
