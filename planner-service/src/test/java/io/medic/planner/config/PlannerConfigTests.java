package io.medic.planner.config;

import io.medic.planner.domain.AutoApproveLevel;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's configuration as application.properties gives it, per profile, without booting the service. */
class PlannerConfigTests {

    private static PlannerConfig config(String profile) throws IOException {
        URL properties = PlannerConfigTests.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(properties))
                .withMapping(PlannerConfig.class).build();
        return config.getConfigMapping(PlannerConfig.class);
    }

    @Test
    void theDefaultsAreTheIssues() throws IOException {
        PlannerConfig prod = config("prod");
        assertThat(prod.planTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(prod.autoApprove().maxRisk()).isEqualTo(AutoApproveLevel.LOW);
        assertThat(prod.autoApprove().maxPerHour()).isEqualTo(3);
        assertThat(prod.autoApprove().failureLimit()).isEqualTo(3);
        assertThat(prod.autoApprove().blockFor()).isEqualTo(Duration.ofHours(1));
        assertThat(prod.auth().tokens()).isEmpty();
    }

    @Test
    void theDemoProfileApprovesMigrationsAutomatically() throws IOException {
        assertThat(config("demo").autoApprove().maxRisk()).isEqualTo(AutoApproveLevel.MEDIUM);
    }
}
