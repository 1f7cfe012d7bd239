package io.medic.planner.service;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.medic.planner.client.ClusterReader;
import io.medic.planner.config.PlannerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval API's tokens from a Kubernetes Secret (the Fabric8 mock API server in CRUD mode), read again on refresh. */
class ApiTokensTests {

    private static final Duration REFRESH = Duration.ofMinutes(1);
    private final KubernetesServer server = new KubernetesServer(false, true, java.net.InetAddress.getLoopbackAddress(), 0,
            List.of());
    private KubernetesClient client;
    private Instant now = Instant.parse("2026-12-03T12:00:00Z");

    @BeforeEach
    void start() {
        server.before();
        client = server.getClient();
    }

    @AfterEach
    void stop() {
        server.after();
    }

    @Test
    void tokensComeFromTheSecretWithTheirRolesAndAreReadAgainAfterTheRefresh() {
        tokensSecret(Map.of("approver.carol", "carol-token", "viewer.dan", "dan-token"));
        ApiTokens tokens = new ApiTokens(config(List.of("approver.alice=alice-token")), new ClusterReader(client), clock());

        assertThat(tokens.authenticate("alice-token")).contains(new Caller("alice", Caller.Role.APPROVER));
        assertThat(tokens.authenticate("carol-token")).contains(new Caller("carol", Caller.Role.APPROVER));
        assertThat(tokens.authenticate("dan-token")).contains(new Caller("dan", Caller.Role.VIEWER));
        assertThat(tokens.authenticate("nobody's")).isEmpty();

        tokensSecret(Map.of("viewer.carol", "carol-token"));
        now = now.plusSeconds(30);
        assertThat(tokens.authenticate("carol-token")).as("before the refresh").contains(new Caller("carol", Caller.Role.APPROVER));
        now = now.plus(REFRESH);
        assertThat(tokens.authenticate("carol-token")).as("after it: carol may only look")
                .contains(new Caller("carol", Caller.Role.VIEWER));
        assertThat(tokens.authenticate("dan-token")).as("dan's token was taken out of the Secret").isEmpty();
        assertThat(tokens.authenticate("alice-token")).as("configured tokens stay").isPresent();
    }

    @Test
    void anEntryWithoutARoleIsIgnored() {
        tokensSecret(Map.of("admin.eve", "eve-token", "approver.", "empty-subject", "viewer.frank", "frank-token"));
        ApiTokens tokens = new ApiTokens(config(List.of()), new ClusterReader(client), clock());
        assertThat(tokens.authenticate("eve-token")).isEmpty();
        assertThat(tokens.authenticate("empty-subject")).isEmpty();
        assertThat(tokens.authenticate("frank-token")).contains(new Caller("frank", Caller.Role.VIEWER));
    }

    private void tokensSecret(Map<String, String> entries) {
        Map<String, String> data = new LinkedHashMap<>();
        entries.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace("medic").resource(new SecretBuilder().withNewMetadata().withName("approval-tokens")
                .withNamespace("medic").endMetadata().withData(data).build()).createOr(existing -> existing.update());
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    /** Only the auth group is read by ApiTokens; anything else asked of this stand-in is a test bug. */
    private static PlannerConfig config(List<String> configured) {
        PlannerConfig.Auth auth = (PlannerConfig.Auth) Proxy.newProxyInstance(ApiTokensTests.class.getClassLoader(),
                new Class<?>[] {PlannerConfig.Auth.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "tokens" -> Optional.of(configured);
                    case "tokensSecret" -> Optional.of("medic/approval-tokens");
                    case "refresh" -> REFRESH;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (PlannerConfig) Proxy.newProxyInstance(ApiTokensTests.class.getClassLoader(),
                new Class<?>[] {PlannerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("auth")) {
                        return auth;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
