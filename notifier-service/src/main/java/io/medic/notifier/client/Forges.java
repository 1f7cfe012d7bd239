package io.medic.notifier.client;

import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.ForgeSite;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured forges' clients, by name, and the sites issue URLs are matched against. */
public final class Forges {

    private final Map<String, ForgeClient> clients;
    private final List<ForgeSite> sites;

    public Forges(Map<String, ForgeClient> clients, List<ForgeSite> sites) {
        this.clients = Map.copyOf(clients);
        this.sites = List.copyOf(sites);
    }

    public Optional<ForgeClient> client(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    public List<ForgeSite> sites() {
        return sites;
    }

    public static ForgeKind kindOf(String name) {
        return ForgeKind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
