package io.medic.planner.service;

import io.medic.events.Digests;
import io.medic.planner.client.ClusterReader;
import io.medic.planner.config.PlannerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The approval API's bearer tokens, from configuration ({@code medic.planner.auth.tokens}) and from a Kubernetes
 * Secret ({@code medic.planner.auth.tokens-secret}, read again every {@code refresh}), both as
 * {@code <role>.<subject>=<token>}. Tokens are held only as SHA-256 digests and looked up by digest, so no token
 * is kept in memory as text or compared character by character; no token is ever logged.
 */
@ApplicationScoped
public class ApiTokens {

    private static final Logger LOG = Logger.getLogger(ApiTokens.class);

    private final PlannerConfig.Auth config;
    private final ClusterReader cluster;
    private final Clock clock;
    private final Map<String, Caller> fromConfig;
    private volatile Map<String, Caller> fromSecret = Map.of();
    private volatile Instant secretReadAt;

    public ApiTokens(PlannerConfig config, ClusterReader cluster, Clock clock) {
        this.config = config.auth();
        this.cluster = cluster;
        this.clock = clock;
        Map<String, Caller> tokens = new HashMap<>();
        for (String entry : this.config.tokens().orElse(List.of())) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                LOG.warn("ignoring a medic.planner.auth.tokens entry without '=' (want <role>.<subject>=<token>)");
                continue;
            }
            add(tokens, entry.substring(0, eq).strip(), entry.substring(eq + 1).strip(), "medic.planner.auth.tokens");
        }
        this.fromConfig = Map.copyOf(tokens);
    }

    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String digest = Digests.sha256Hex(token.strip());
        Caller caller = fromConfig.get(digest);
        if (caller != null) {
            return Optional.of(caller);
        }
        return Optional.ofNullable(secretTokens().get(digest));
    }

    private Map<String, Caller> secretTokens() {
        if (config.tokensSecret().isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        if (secretReadAt == null || secretReadAt.plus(config.refresh()).isBefore(now)) {
            synchronized (this) {
                if (secretReadAt == null || secretReadAt.plus(config.refresh()).isBefore(now)) {
                    fromSecret = readSecret(config.tokensSecret().get());
                    secretReadAt = now;
                }
            }
        }
        return fromSecret;
    }

    private Map<String, Caller> readSecret(String reference) {
        String[] parts = reference.split("/");
        if (parts.length != 2) {
            LOG.warn("medic.planner.auth.tokens-secret must be namespace/name");
            return Map.of();
        }
        try {
            Map<String, Caller> tokens = new HashMap<>();
            cluster.secretData(parts[0], parts[1]).forEach((key, token) ->
                    add(tokens, key, token.strip(), "Secret " + reference));
            return Map.copyOf(tokens);
        } catch (ClusterReader.SecretUnavailable e) {
            LOG.warnf("%s; keeping the tokens read before", e.getMessage());
            return fromSecret;
        }
    }

    private static void add(Map<String, Caller> tokens, String roleAndSubject, String token, String where) {
        int dot = roleAndSubject.indexOf('.');
        String role = dot < 0 ? "" : roleAndSubject.substring(0, dot).toLowerCase(Locale.ROOT);
        String subject = dot < 0 ? "" : roleAndSubject.substring(dot + 1);
        Caller.Role parsed = switch (role) {
            case "viewer" -> Caller.Role.VIEWER;
            case "approver" -> Caller.Role.APPROVER;
            default -> null;
        };
        if (parsed == null || subject.isBlank() || token.isBlank()) {
            LOG.warnf("ignoring token '%s' of %s: want <viewer|approver>.<subject> and a token", roleAndSubject, where);
            return;
        }
        tokens.put(Digests.sha256Hex(token), new Caller(subject, parsed));
    }
}
