package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.medic.events.ContainerKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrashRuleTests {

    private static final Instant T0 = Instant.parse("2026-03-27T05:41:00Z");
    private final CrashRule rule = new CrashRule(2, Duration.ofMinutes(10));

    @Test
    void aContainerInCrashLoopBackOffAtTheThresholdIsLooping() {
        ContainerCrash crash = only(rule.crashes(pod("Always", List.of(), List.of(backingOff("api", 2, 1, "Error", 3)))));

        assertThat(crash.phase()).isEqualTo(CrashPhase.LOOPING);
        assertThat(crash.kind()).isEqualTo(ContainerKind.APP);
        assertThat(crash.image()).isEqualTo("registry.local/basketball-api:15f3047");
        assertThat(crash.restartCount()).isEqualTo(2);
        assertThat(crash.previousLog()).isTrue();
        assertThat(crash.lastTermination().exitCode()).isEqualTo(1);
        assertThat(crash.lastTermination().finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void belowTheThresholdItIsNotYetALoop() {
        assertThat(only(rule.crashes(pod("Always", List.of(), List.of(backingOff("api", 1, 1, "Error", 3))))).phase())
                .isEqualTo(CrashPhase.BELOW_THRESHOLD);
    }

    @Test
    void aJustTerminatedContainerThatWillRestartCountsAndItsCurrentLogIsTheCrash() {
        ContainerStatus terminated = new ContainerStatusBuilder().withName("api").withRestartCount(3)
                .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled").withStartedAt(T0.toString())
                .withFinishedAt(T0.plusSeconds(20).toString()).endTerminated().endState().build();

        ContainerCrash crash = only(rule.crashes(pod("Always", List.of(), List.of(terminated))));

        assertThat(crash.phase()).isEqualTo(CrashPhase.LOOPING);
        assertThat(crash.previousLog()).isFalse();
        assertThat(crash.lastTermination().reason()).isEqualTo("OOMKilled");
    }

    @Test
    void containersThatDoNotRestartOrExitedCleanlyAreNotCrashLooping() {
        ContainerStatus failedOnce = new ContainerStatusBuilder().withName("migrate").withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState().build();
        ContainerStatus completed = new ContainerStatusBuilder().withName("api").withRestartCount(5)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState().build();
        ContainerStatus running = new ContainerStatusBuilder().withName("api").withRestartCount(5)
                .withNewState().withNewRunning().withStartedAt(T0.toString()).endRunning().endState().build();

        assertThat(rule.crashes(pod("Never", List.of(), List.of(failedOnce)))).isEmpty();
        assertThat(rule.crashes(pod("Always", List.of(), List.of(completed)))).isEmpty();
        assertThat(rule.crashes(pod("Always", List.of(), List.of(running)))).isEmpty();
    }

    @Test
    void initContainersAreWatchedToo() {
        ContainerCrash crash = only(rule.crashes(pod("Always", List.of(backingOff("migrate", 4, 1, "Error", 2)), List.of())));

        assertThat(crash.kind()).isEqualTo(ContainerKind.INIT);
        assertThat(crash.container()).isEqualTo("migrate");
    }

    @Test
    void aCrashAfterRunningAtLeastTheQuietPeriodStartsANewEpisode() {
        ContainerCrash crash = only(rule.crashes(pod("Always", List.of(), List.of(backingOff("api", 7, 1, "Error", 600)))));

        assertThat(crash.phase()).isEqualTo(CrashPhase.AFTER_QUIET_RUN);
    }

    @Test
    void readinessIsReadFromTheReadyCondition() {
        Pod ready = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(T0.toString()).endCondition()
                .endStatus().build();
        Pod notReady = new PodBuilder(ready).editStatus().editFirstCondition().withStatus("False").endCondition().endStatus().build();

        assertThat(CrashRule.readySince(ready)).contains(T0);
        assertThat(CrashRule.readySince(notReady)).isEmpty();
    }

    static ContainerStatus backingOff(String name, int restarts, int exitCode, String reason, long ranSeconds) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason).withStartedAt(T0.toString())
                .withFinishedAt(T0.plusSeconds(ranSeconds).toString()).endTerminated().endLastState().build();
    }

    static Pod pod(String restartPolicy, List<ContainerStatus> init, List<ContainerStatus> app) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("uid-1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).endSpec()
                .withNewStatus().withInitContainerStatuses(init).withContainerStatuses(app).endStatus();
        for (ContainerStatus s : app) {
            pod.editSpec().addNewContainer().withName(s.getName()).withImage("registry.local/basketball-api:15f3047").endContainer().endSpec();
        }
        for (ContainerStatus s : init) {
            pod.editSpec().addNewInitContainer().withName(s.getName()).withImage("registry.local/basketball-api:15f3047").endInitContainer().endSpec();
        }
        return pod.build();
    }

    private static ContainerCrash only(List<ContainerCrash> crashes) {
        assertThat(crashes).hasSize(1);
        return crashes.get(0);
    }
}
