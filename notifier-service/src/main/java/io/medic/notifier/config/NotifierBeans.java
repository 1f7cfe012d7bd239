package io.medic.notifier.config;

import io.medic.events.WorkloadRef;
import io.medic.notifier.client.ForgeClient;
import io.medic.notifier.client.ForgejoClient;
import io.medic.notifier.client.Forges;
import io.medic.notifier.client.GitHubClient;
import io.medic.notifier.domain.Backoff;
import io.medic.notifier.domain.CommentRenderer;
import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.ForgeSite;
import io.medic.notifier.domain.Inert;
import io.medic.notifier.domain.IssueReferences;
import io.medic.notifier.domain.IssueTarget;
import io.medic.notifier.domain.StoryBook;
import io.medic.notifier.domain.StoryTeller;
import io.medic.notifier.service.CommentDelivery;
import io.medic.notifier.service.IssueLanes;
import io.medic.notifier.service.NotifierMetrics;
import io.medic.notifier.service.NotifierService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the notifier's parts from {@link NotifierConfig}: the forges' clients, the story, the lanes. */
public class NotifierBeans {

    private static final Logger LOG = Logger.getLogger(NotifierBeans.class);

    @Produces
    @Singleton
    Forges forges(NotifierConfig config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, ForgeClient> clients = new LinkedHashMap<>();
        List<ForgeSite> sites = new ArrayList<>();
        config.forges().forEach((name, forge) -> {
            Optional<String> base = forge.baseUrl().or(() -> forge.secretDir().flatMap(d -> read(d.resolve("base-url"))))
                    .or(() -> forge.kind() == ForgeKind.GITHUB ? Optional.of("https://api.github.com") : Optional.empty());
            if (base.isEmpty()) {
                LOG.warnf("forge %s has no base-url (medic.notifier.forges.%s.base-url): it is left out", name, name);
                return;
            }
            URI baseUrl = URI.create(base.get().strip());
            Supplier<String> token = token(name, forge);
            ForgeClient client = forge.kind() == ForgeKind.GITHUB
                    ? new GitHubClient(name, baseUrl, token, http, config.delivery().requestTimeout(), Clock.systemUTC())
                    : new ForgejoClient(name, forge.kind(), baseUrl, token, http, config.delivery().requestTimeout(),
                    Clock.systemUTC());
            clients.put(name, client);
            URI web = URI.create(forge.webUrl().orElse(forge.kind() == ForgeKind.GITHUB && baseUrl.getHost().equals("api.github.com")
                    ? "https://github.com" : baseUrl.toString()));
            sites.add(new ForgeSite(name, forge.kind(), web));
            LOG.infof("forge %s: %s at %s (token from %s)", name, forge.kind(), baseUrl.getHost(),
                    forge.token().isPresent() ? "configuration" : forge.secretDir().isPresent() ? "a mounted Secret" : "nowhere");
        });
        return new Forges(clients, sites);
    }

    /** The token from configuration, or else re-read from the mounted Secret on every use (rotation). */
    private static Supplier<String> token(String name, NotifierConfig.Forge forge) {
        if (forge.token().isPresent()) {
            String token = forge.token().get();
            return () -> token;
        }
        if (forge.secretDir().isPresent()) {
            Path file = forge.secretDir().get().resolve("token");
            return () -> read(file).orElse("");
        }
        LOG.warnf("forge %s has no token (medic.notifier.forges.%s.token or .secret-dir): requests go unauthenticated",
                name, name);
        return () -> "";
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Produces
    @Singleton
    NotifierService notifier(NotifierConfig config, Forges forges, NotifierMetrics metrics) {
        CommentRenderer renderer = new CommentRenderer(config.approvalUrl(), config.onRecovery(), config.recoveredLabel());
        StoryTeller teller = new StoryTeller(renderer, targets(config, forges), config.onRecovery());
        NotifierConfig.Delivery delivery = config.delivery();
        CommentDelivery comments = new CommentDelivery(forges,
                new Backoff(delivery.initialBackoff(), delivery.maxBackoff(), delivery.maxRetryAfter()),
                delivery.maxAttempts(), config.recoveredLabel(), metrics, Clock.systemUTC(), new SecureRandom(),
                d -> Thread.sleep(d.toMillis()));
        IssueLanes lanes = new IssueLanes(delivery.queueCapacity(), comments::deliver);
        return new NotifierService(new StoryBook(config.maxIncidents()), teller, lanes, metrics);
    }

    static StoryTeller.Targets targets(NotifierConfig config, Forges forges) {
        IssueReferences references = new IssueReferences(forges.sites(), config.defaultForge().orElse(null));
        NotifierConfig.OpenIssues open = config.openIssues();
        return (story, signal) -> {
            String reference = signal.links().issue();
            if (reference != null && !reference.isBlank()) {
                IssueReferences.Result parsed = references.parse(reference);
                return parsed.valid() ? StoryTeller.Resolution.to(new IssueTarget.Linked(parsed.issue()))
                        : StoryTeller.Resolution.nowhere(parsed.problem());
            }
            if (!open.enabled()) {
                return StoryTeller.Resolution.nowhere("no medic.io/issue annotation and medic.notifier.open-issues is off");
            }
            Optional<String> forge = open.forge().or(config::defaultForge);
            String[] repository = open.repository().orElse("").split("/");
            if (forge.isEmpty() || repository.length != 2 || repository[0].isBlank() || repository[1].isBlank()) {
                return StoryTeller.Resolution.nowhere("medic.notifier.open-issues needs forge and repository (owner/repo)");
            }
            WorkloadRef workload = story.workload();
            String title = Inert.scrub("Medic: " + workload.key() + " is crash-looping (" + signal.signature().id() + ")")
                    .replaceAll("[\\r\\n]+", " ");
            return StoryTeller.Resolution.to(new IssueTarget.ToOpen(forge.get(), repository[0], repository[1], workload,
                    title.length() > 200 ? title.substring(0, 200) : title, open.labels()));
        };
    }
}
