package io.medic.executor.client.migration;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.medic.events.SecretKeyRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationJobsTests {

    private static final SecretKeyRef SECRET = new SecretKeyRef("db", "url");

    private static Container container() {
        return new ContainerBuilder().withName("api").withImage("r/api:1")
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewEnv().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef().withName("db").withKey("url")
                .endSecretKeyRef().endValueFrom().endEnv().build();
    }

    @Test
    void theUrlVariableIsTheOneThatReadsThePlansSecretKey() {
        assertThat(MigrationJobs.urlVariable(container(), SECRET)).contains("DATABASE_URL");
        assertThat(MigrationJobs.urlVariable(container(), new SecretKeyRef("db", "password"))).isEmpty();
        Container viaEnvFrom = new ContainerBuilder().withName("api").addNewEnvFrom().withPrefix("PG_").withNewSecretRef()
                .withName("db").endSecretRef().endEnvFrom().build();
        assertThat(MigrationJobs.urlVariable(viaEnvFrom, SECRET)).contains("PG_url");
    }

    @Test
    void theRehearsalsOverrideReplacesTheVariableAndNothingElse() {
        Container c = container();
        Job job = MigrationJobs.build(new MigrationJobs.Source(new PodSpecBuilder().withContainers(c).build(), c, "container api"),
                "medic-x-r1", "ns", Map.of("app.kubernetes.io/managed-by", "medic"), Map.of(), List.of("alembic", "upgrade", "head"),
                600, Optional.of(new MigrationJobs.UrlOverride("DATABASE_URL", new SecretKeyRef("medic-x-r1-db", "url"))));

        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).extracting(EnvVar::getName).containsExactly("LOG_LEVEL", "DATABASE_URL");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("medic-x-r1-db");
        assertThat(c.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).as("the source is not changed").isEqualTo("db");
    }
}
