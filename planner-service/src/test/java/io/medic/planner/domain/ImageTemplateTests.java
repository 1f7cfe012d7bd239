package io.medic.planner.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTemplateTests {

    @Test
    void byDefaultTheTagIsTheCommitAndTheRepositoryStays() {
        ImageTemplate rule = ImageTemplate.of(null);
        assertThat(rule.commitOf("registry.local:5000/basketball-api:737093f")).contains("737093f");
        assertThat(rule.commitOf("registry.local/basketball-api:latest")).isEmpty();
        assertThat(rule.commitOf("registry.local/basketball-api")).isEmpty();
        assertThat(rule.imageFor("15f3047aa1b2c3d4e5f60718293a4b5c6d7e8f90", "registry.local:5000/basketball-api:737093f"))
                .isEqualTo("registry.local:5000/basketball-api:15f3047");
    }

    @Test
    void aTemplateIsReadForwardsAndInReverse() {
        ImageTemplate rule = ImageTemplate.of("registry/basketball-api:main-{commit7}");
        assertThat(rule.commitOf("registry/basketball-api:main-737093f")).contains("737093f");
        assertThat(rule.commitOf("registry/basketball-api:737093f")).isEmpty();
        assertThat(rule.commitOf("other/basketball-api:main-737093f")).isEmpty();
        assertThat(rule.imageFor("15f3047aa1b2", "ignored")).isEqualTo("registry/basketball-api:main-15f3047");

        ImageTemplate full = ImageTemplate.of("registry/api:{commit}");
        assertThat(full.commitOf("registry/api:15f3047aa1b2c3d4e5f60718293a4b5c6d7e8f90"))
                .contains("15f3047aa1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(ImageTemplate.of("registry/api:stable").commitOf("registry/api:stable")).isEmpty();
    }
}
