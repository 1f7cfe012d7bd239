package io.medic.planner.config;

import io.medic.planner.domain.AutoApproveLevel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything {@code medic.planner.*}; planner-service/README.md lists each key with its default. */
@ConfigMapping(prefix = "medic.planner")
public interface PlannerConfig {

    /** How long a plan may wait for a decision; an executable plan that expires is re-diagnosed and renewed. */
    @WithDefault("PT30M")
    Duration planTtl();

    /** How often expired plans are looked for. */
    @WithDefault("PT10S")
    Duration renewInterval();

    /** Finished, rejected, superseded and expired plans older than this leave the API's view. */
    @WithDefault("P7D")
    Duration viewRetention();

    /** How long a signal waits at start for the view to catch up with the topics before it is planned anyway. */
    @WithDefault("PT60S")
    Duration catchUpTimeout();

    AutoApprove autoApprove();

    Rollout rollout();

    Auth auth();

    Sources sources();

    interface AutoApprove {
        /** NONE, LOW or MEDIUM: the highest risk approved without a person (HIGH never is). */
        @WithDefault("LOW")
        AutoApproveLevel maxRisk();

        /** Automatic approvals per workload in any rolling hour. */
        @WithDefault("3")
        int maxPerHour();

        /** Consecutive failed, stale or unrecovered executions of a workload that block automatic approval. */
        @WithDefault("3")
        int failureLimit();

        /** How long that block lasts. */
        @WithDefault("PT1H")
        Duration blockFor();
    }

    interface Rollout {
        @WithDefault("PT5M")
        Duration timeout();

        /** How long the new pods must stay Ready with steady restart counts. */
        @WithDefault("PT20S")
        Duration settle();

        @WithDefault("PT30S")
        Duration httpTimeout();

        @WithDefault("200")
        int expectedStatus();
    }

    interface Auth {
        /**
         * Bearer tokens as {@code <role>.<subject>=<token>} entries, comma-separated; role {@code viewer} or
         * {@code approver}, e.g. {@code approver.alice=…,viewer.grafana=…}.
         */
        Optional<List<String>> tokens();

        /** A Secret ({@code namespace/name}) whose keys are {@code <role>.<subject>} and values the tokens. */
        Optional<String> tokensSecret();

        /** How often the tokens Secret is read again. */
        @WithDefault("PT1M")
        Duration refresh();
    }

    interface Sources {
        /** Where git caches and materialized revision directories live; default {@code $TMPDIR/medic-planner}. */
        Optional<Path> cacheDir();

        /** A git repository is fetched again for image drift when its last fetch is older than this. */
        @WithDefault("PT30S")
        Duration gitFetchInterval();

        /** Network timeout of git and forge reads. */
        @WithDefault("PT20S")
        Duration timeout();

        /** How many commits image drift looks back through, newest first. */
        @WithDefault("200")
        int maxCommits();

        Forge forge();
    }

    interface Forge {
        /** {@code forgejo}, {@code gitea} or {@code github}. */
        @WithDefault("forgejo")
        ForgeKind kind();

        /** The forge's base URL, e.g. {@code https://forge.example} ({@code https://api.github.com} for GitHub). */
        Optional<URI> url();

        /** The API token; or {@link #tokenSecret}. */
        Optional<String> token();

        /** A Secret key holding the token: {@code namespace/name/key}. */
        Optional<String> tokenSecret();
    }

    enum ForgeKind {
        FORGEJO,
        GITEA,
        GITHUB
    }
}
