package io.medic.sandbox.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.Cluster;
import io.medic.sandbox.Sandbox;
import io.medic.sandbox.SandboxOptions;
import io.medic.sandbox.basketball.BasketballApi;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.sandbox.basketball.ChainForm;
import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's figures, measured as the demo uses it (Kubernetes' real back-off, factor 1.0), several runs
 * in one JVM (the first one cold): Sandbox.start, installing the basketball-api fixture (git repository,
 * checkouts), basketball-api:15f3047 from Deployment created to pod Ready on a fresh database (24
 * migrations at boot) and to CrashLoopBackOff on the incident's database, close(); peak RSS of this JVM and
 * the RSS of the pods' processes (shims and Python).
 *
 * <pre>sandbox/bench.sh [--runs 3]</pre>
 */
public final class SandboxBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private SandboxBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 3;
        Map<String, List<Long>> figures = new TreeMap<>();
        long podsRss = 0;
        int leftovers = 0;
        for (int run = 1; run <= runs; run++) {
            try (ThrowawayDatabase fresh = new ThrowawayDatabase("bench-fresh").open();
                 ThrowawayDatabase incident = new ThrowawayDatabase("bench-incident").open()) {
                long t0 = System.nanoTime();
                Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
                record(figures, "1 Sandbox.start", t0);
                try {
                    long t1 = System.nanoTime();
                    BasketballApi api = BasketballApi.install(sandbox);
                    record(figures, "2 BasketballApi.install", t1);
                    api.incidentDatabase(incident.url(), ChainForm.LINEAR);
                    KubernetesClient client = sandbox.client();

                    long t2 = System.nanoTime();
                    api.deploy(client, BasketballApi.CURRENT_IMAGE, fresh.url(), BasketballManifests.Variant.MIGRATE_ON_BOOT);
                    Cluster.awaitOnlyPod(client, BasketballApi.NAMESPACE, TIMEOUT, Cluster::ready);
                    record(figures, "3 fresh database: created -> Ready", t2);

                    String ns = "incident";
                    long t3 = System.nanoTime();
                    for (var object : api.manifests().inNamespace(ns).all(BasketballApi.CURRENT_IMAGE, incident.url(),
                            BasketballManifests.Variant.MIGRATE_ON_BOOT)) {
                        client.resource(object).create();
                    }
                    Pod first = Cluster.awaitOnlyPod(client, ns, TIMEOUT, p -> Cluster.container(p, BasketballManifests.CONTAINER)
                            .map(s -> s.getRestartCount() >= 1 || s.getState().getTerminated() != null).orElse(false));
                    record(figures, "4 incident database: created -> first crash", t3);
                    Cluster.awaitPod(client, ns, first.getMetadata().getName(), TIMEOUT,
                            p -> "CrashLoopBackOff".equals(Cluster.waitingReason(p, BasketballManifests.CONTAINER)));
                    record(figures, "5 incident database: created -> CrashLoopBackOff", t3);
                    podsRss = ProcessHandle.current().descendants().mapToLong(p -> kb(p.pid(), "VmRSS")).sum();
                } finally {
                    long t4 = System.nanoTime();
                    sandbox.close();
                    record(figures, "6 close()", t4);
                    leftovers += (int) ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
                }
            }
        }
        System.out.printf("%d runs (the first one in a cold JVM), ms: median [min .. max]%n", runs);
        figures.forEach((name, values) -> {
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(Long::compare);
            System.out.printf("  %-50s %6d  [%d .. %d]  %s%n", name.substring(2), sorted.get(sorted.size() / 2), sorted.get(0),
                    sorted.get(sorted.size() - 1), values);
        });
        long self = ProcessHandle.current().pid();
        System.out.printf("sandbox JVM: peak RSS (VmHWM) %d MB, RSS now %d MB; pods' processes (2 pods, shims + python) %d MB%n",
                kb(self, "VmHWM") / 1024, kb(self, "VmRSS") / 1024, podsRss / 1024);
        System.out.printf("processes left after close(): %d%n", leftovers);
        System.exit(leftovers == 0 ? 0 : 1);
    }

    private static void record(Map<String, List<Long>> figures, String name, long since) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - since) / 1_000_000);
    }

    private static long kb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException gone) {
            // the process ended meanwhile
        }
        return 0;
    }
}
