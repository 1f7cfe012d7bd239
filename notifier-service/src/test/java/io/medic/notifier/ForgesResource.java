package io.medic.notifier;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medic.testsupport.forge.ForgejoStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The forges of the Quarkus tests (one set for the module, so Quarkus starts once): WireMock as the default
 * forge ({@code forgejo}) for exact requests and faults, and the Forgejo stand-in ({@code standin}), matched by
 * its issue URLs, holding {@code forgejo_admin/basketball-api#183}.
 */
public class ForgesResource implements QuarkusTestResourceLifecycleManager {

    public static final String STANDIN_TOKEN = "standin-t0ken";
    public static WireMockServer wiremock;
    public static ForgejoStandIn standIn;

    @Override
    public Map<String, String> start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        standIn = ForgejoStandIn.start(STANDIN_TOKEN).addIssue(SeedIncident.ISSUE, "Bug: CrashLoopBackOff")
                .addIssue("forgejo_admin/basketball-api#185", "retry-after");
        return Map.ofEntries(
                Map.entry("medic.notifier.approval-url", "https://medic.example.org"),
                Map.entry("medic.notifier.default-forge", "forgejo"),
                Map.entry("medic.notifier.forges.forgejo.kind", "forgejo"),
                Map.entry("medic.notifier.forges.forgejo.base-url", wiremock.baseUrl()),
                Map.entry("medic.notifier.forges.forgejo.token", "wiremock-t0ken"),
                Map.entry("medic.notifier.forges.standin.kind", "forgejo"),
                Map.entry("medic.notifier.forges.standin.base-url", standIn.baseUrl()),
                Map.entry("medic.notifier.forges.standin.token", STANDIN_TOKEN),
                Map.entry("medic.notifier.delivery.max-attempts", "3"),
                Map.entry("medic.notifier.delivery.initial-backoff", "PT0.2S"),
                Map.entry("medic.notifier.delivery.max-backoff", "PT1S"));
    }

    @Override
    public void stop() {
        wiremock.stop();
        standIn.close();
    }
}
