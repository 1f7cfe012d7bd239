package io.medic.notifier.config;

import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.OnRecovery;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code medic.notifier.*}: see notifier-service/README.md for every key. */
@ConfigMapping(prefix = "medic.notifier")
public interface NotifierConfig {

    /** The planner's approval API as people reach it; the approve command in each plan's comment points here. */
    @WithDefault("http://localhost:8082")
    String approvalUrl();

    /** What happens to the issue when the workload recovered. */
    @WithDefault("comment")
    OnRecovery onRecovery();

    /** The label added on recovery when {@code on-recovery=label}. */
    @WithDefault("medic/recovered")
    String recoveredLabel();

    /** The forge {@code owner/repo#number} references mean; optional when every reference names its forge. */
    Optional<String> defaultForge();

    /** The forges, by name. */
    Map<String, Forge> forges();

    OpenIssues openIssues();

    Delivery delivery();

    /** How many incidents the story book keeps (the oldest are forgotten first). */
    @WithDefault("10000")
    int maxIncidents();

    /** How long the start-up replay of the four topics may take before the service reads on anyway. */
    @WithDefault("PT60S")
    Duration replayTimeout();

    interface Forge {
        /** forgejo, gitea or github. */
        ForgeKind kind();

        /** The API's base: Forgejo/Gitea's root URL ({@code /api/v1} is added), GitHub's API URL. */
        Optional<String> baseUrl();

        /** Where the forge's issue pages live, to match full issue URLs; defaults to the base URL (github.com for GitHub). */
        Optional<String> webUrl();

        /** The token. Prefer {@code secret-dir} or the environment: never put it on a command line. */
        Optional<String> token();

        /**
         * A Kubernetes Secret mounted as a directory: the file {@code token} holds the token and, optionally,
         * {@code base-url} the base URL. Re-read on every request, so a rotated Secret takes effect at once.
         */
        Optional<Path> secretDir();
    }

    interface OpenIssues {
        /** Open an issue for a workload that has no {@code medic.io/issue}; otherwise its story is only logged. */
        @WithDefault("false")
        boolean enabled();

        /** The forge to open it on (default: the default forge). */
        Optional<String> forge();

        /** {@code owner/repo} to open it in. */
        Optional<String> repository();

        @WithDefault("medic,incident")
        List<String> labels();
    }

    interface Delivery {
        /** Attempts per comment before it is dead-lettered (429, 5xx and network failures are retried). */
        @WithDefault("6")
        int maxAttempts();

        /** The first back-off; each next one doubles, with jitter. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT60S")
        Duration maxBackoff();

        /** A forge's {@code Retry-After} longer than this is cut to it. */
        @WithDefault("PT10M")
        Duration maxRetryAfter();

        /** Comments waiting per issue; past it a comment is dead-lettered at once (nothing blocks other issues). */
        @WithDefault("500")
        int queueCapacity();

        @WithDefault("PT20S")
        Duration requestTimeout();
    }
}
