package io.medic.planner.client;

import io.medic.events.SecretKeyRef;
import io.medic.planner.config.PlannerConfig;
import io.medic.planner.domain.MigrationSourceRef;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens the migration source an annotation names: a directory, a git repository (cached bare, under
 * {@code medic.planner.sources.cache-dir}) or the configured forge. One instance per planner; sources are
 * cheap views over the shared caches.
 */
@ApplicationScoped
public class MigrationSources {

    private static final Logger LOG = Logger.getLogger(MigrationSources.class);

    private final PlannerConfig.Sources config;
    private final ClusterReader cluster;
    private final Clock clock;
    private final VersionsCache cache;
    private final GitRepositories repositories = new GitRepositories();
    private final HttpClient http;

    public MigrationSources(PlannerConfig config, ClusterReader cluster, Clock clock) {
        this.config = config.sources();
        this.cluster = cluster;
        this.clock = clock;
        Path root = this.config.cacheDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "medic-planner"));
        this.cache = new VersionsCache(root);
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public MigrationSource open(MigrationSourceRef ref) throws SourceException {
        return switch (ref) {
            case MigrationSourceRef.Dir dir -> new DirectorySource(dir);
            case MigrationSourceRef.Git git -> new GitSource(git,
                    cache.root().resolve("git").resolve(GitSource.cacheName(git.url())), cache, config.timeout(),
                    config.gitFetchInterval(), clock, repositories.lockFor(git.url()));
            case MigrationSourceRef.Forge forge -> {
                PlannerConfig.Forge f = config.forge();
                if (f.url().isEmpty()) {
                    throw new SourceException(SourceException.Kind.NOT_CONFIGURED, forge.display()
                            + " needs medic.planner.sources.forge.url (the forge's base URL)");
                }
                yield new ForgeSource(forge, f.kind(), f.url().get(), this::forgeToken, http, config.timeout(), cache);
            }
        };
    }

    /** The forge token from configuration, or from the Secret key it names ({@code namespace/name/key}). */
    private String forgeToken() {
        PlannerConfig.Forge f = config.forge();
        if (f.token().isPresent() && !f.token().get().isBlank()) {
            return f.token().get().strip();
        }
        if (f.tokenSecret().isEmpty()) {
            return null;
        }
        String[] parts = f.tokenSecret().get().split("/");
        if (parts.length != 3) {
            LOG.warn("medic.planner.sources.forge.token-secret must be namespace/name/key; reading the forge anonymously");
            return null;
        }
        try {
            return cluster.secretValue(parts[0], new SecretKeyRef(parts[1], parts[2]));
        } catch (ClusterReader.SecretUnavailable e) {
            LOG.warnf("the forge token is unavailable (%s); reading the forge anonymously", e.getMessage());
            return null;
        }
    }
}
