package io.medic.detector.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.medic.events.ContainerKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobFailureTests {

    @Test
    void aJobFailsWhenItsFailedConditionIsTrueOrItsPodsFailedAsOftenAsTheThreshold() {
        assertThat(JobFailure.failing(job(1, true), 2)).isTrue();
        assertThat(JobFailure.failing(job(2, false), 2)).isTrue();
        assertThat(JobFailure.failing(job(1, false), 2)).isFalse();
        assertThat(JobFailure.failedReason(job(7, true))).isEqualTo("BackoffLimitExceeded");
    }

    @Test
    void theEvidenceIsTheContainerThatFailedLast() {
        Pod first = failedPod("m-1", "2026-03-27T05:40:00Z");
        Pod last = failedPod("m-2", "2026-03-27T05:41:00Z");

        ContainerCrash crash = JobFailure.lastFailure(List.of(last, first)).orElseThrow();

        assertThat(crash.podName()).isEqualTo("m-2");
        assertThat(crash.container()).isEqualTo("migrate");
        assertThat(crash.kind()).isEqualTo(ContainerKind.APP);
        assertThat(crash.previousLog()).isFalse();
        assertThat(crash.image()).isEqualTo("registry.local/basketball-api:15f3047");
    }

    private static Job job(int failed, boolean failedCondition) {
        return new JobBuilder().withNewMetadata().withNamespace("ns").withName("migrate").endMetadata()
                .withNewStatus().withFailed(failed).addNewCondition().withType("Failed").withStatus(failedCondition ? "True" : "False")
                .withReason("BackoffLimitExceeded").endCondition().endStatus().build();
    }

    private static Pod failedPod(String name, String finishedAt) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name).endMetadata()
                .withNewSpec().addNewContainer().withName("migrate").withImage("registry.local/basketball-api:15f3047").endContainer().endSpec()
                .withNewStatus().addNewContainerStatus().withName("migrate").withRestartCount(0).withNewState().withNewTerminated()
                .withExitCode(1).withReason("Error").withFinishedAt(finishedAt).endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }
}
