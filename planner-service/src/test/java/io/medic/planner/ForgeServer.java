package io.medic.planner;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP server (WireMock) standing in for a Forgejo forge: the planner's {@code medic.planner.sources.forge.*}
 * point at it, with the token {@value #TOKEN}. Tests stub the contents API on {@link #server()}.
 */
public class ForgeServer implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "forge-s3cret-token";
    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("medic.planner.sources.forge.url", server().baseUrl(),
                "medic.planner.sources.forge.kind", "forgejo",
                "medic.planner.sources.forge.token", TOKEN);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; it stops with the JVM
    }
}
