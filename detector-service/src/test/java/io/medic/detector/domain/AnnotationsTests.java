package io.medic.detector.domain;

import io.medic.events.Links;
import io.medic.events.SecretKeyRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationsTests {

    @Test
    void linksAreReadFromTheWorkloadsAnnotations() {
        Links links = Annotations.links(Map.of("medic.io/issue", "forgejo_admin/basketball-api#183",
                "medic.io/database-secret", "basketball-db/url", "medic.io/migrations", " /app/alembic/versions "));

        assertThat(links).isEqualTo(new Links("forgejo_admin/basketball-api#183", new SecretKeyRef("basketball-db", "url"),
                "/app/alembic/versions"));
    }

    @Test
    void theDatabaseSecretMayBeNamedWithOrWithoutItsKey() {
        assertThat(Annotations.secretRef("basketball-db:DATABASE_URL")).isEqualTo(new SecretKeyRef("basketball-db", "DATABASE_URL"));
        assertThat(Annotations.secretRef("basketball-db")).isEqualTo(new SecretKeyRef("basketball-db", "url"));
        assertThat(Annotations.secretRef("/url")).isNull();
    }

    @Test
    void noAnnotationsNoLinks() {
        assertThat(Annotations.links(Map.of("other", "x"))).isEqualTo(Links.NONE);
    }

    @Test
    void ignoreMustSayTrue() {
        assertThat(Annotations.ignored(Map.of("medic.io/ignore", "true"))).isTrue();
        assertThat(Annotations.ignored(Map.of("medic.io/ignore", "TRUE "))).isTrue();
        assertThat(Annotations.ignored(Map.of("medic.io/ignore", "false"))).isFalse();
        assertThat(Annotations.ignored(null)).isFalse();
    }
}
