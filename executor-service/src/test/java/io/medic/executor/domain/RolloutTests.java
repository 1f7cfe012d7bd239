package io.medic.executor.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTests {

    private static PodTemplateSpec template(String restartedAt, String image) {
        PodTemplateSpecBuilder t = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "api").endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage(image).endContainer().endSpec();
        if (restartedAt != null) {
            t.editMetadata().addToAnnotations(Rollout.RESTARTED_AT, restartedAt).endMetadata();
        }
        return t.build();
    }

    private static Pod pod(String name, String restartedAt, String image, boolean ready, int restarts) {
        PodBuilder p = new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage(image).endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("api").withRestartCount(restarts).endContainerStatus().endStatus();
        if (restartedAt != null) {
            p.editMetadata().addToAnnotations(Rollout.RESTARTED_AT, restartedAt).endMetadata();
        }
        return p.build();
    }

    @Test
    void newPodsAreThoseMadeFromTheCurrentTemplate() {
        PodTemplateSpec t = template("2026-03-27T05:42:30Z", "api:2");
        Rollout r = Rollout.of(t, 2, List.of(pod("old", null, "api:2", false, 32), pod("new-a", "2026-03-27T05:42:30Z", "api:2", true, 0),
                pod("other-image", "2026-03-27T05:42:30Z", "api:1", true, 0)));
        assertThat(r.newPods()).extracting(p -> p.getMetadata().getName()).containsExactly("new-a");
        assertThat(r.oldPods()).extracting(p -> p.getMetadata().getName()).containsExactly("old", "other-image");
        assertThat(r.complete()).isFalse();
        assertThat(r.describe()).contains("old not Ready restarts 32");
    }

    @Test
    void aRolloutIsCompleteWhenEnoughNewPodsAreReadyAndNoOldOneIsLeft() {
        PodTemplateSpec t = template("2026-03-27T05:42:30Z", "api:2");
        Pod a = pod("a", "2026-03-27T05:42:30Z", "api:2", true, 0);
        Pod b = pod("b", "2026-03-27T05:42:30Z", "api:2", false, 0);
        assertThat(Rollout.of(t, 2, List.of(a, b)).complete()).isFalse();
        assertThat(Rollout.of(t, 1, List.of(a)).complete()).isTrue();
        assertThat(Rollout.of(t, null, List.of(a)).complete()).as("replicas default to 1").isTrue();
        Pod leaving = new PodBuilder(pod("old", null, "api:1", true, 0)).editMetadata().withDeletionTimestamp("2026-03-27T05:42:40Z")
                .endMetadata().build();
        assertThat(Rollout.of(t, 1, List.of(a, leaving)).complete()).as("terminating pods do not count").isTrue();
    }
}
