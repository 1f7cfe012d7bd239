package io.medic.e2e;

import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.sandbox.basketball.ChainForm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/medic demo}: the seed incident reproduced for real and healed by the four services. Exits 0 only
 * when the seed issue's acceptance criteria all hold; cleans up every process and database it started, also
 * on Ctrl-C or a failure, and says where its logs are.
 */
public final class Demo {

    static final String USAGE = "usage: bin/medic demo [--approve] [--branched] [--old-image] [--init-container | --hook-job]";
    private static final Duration INCIDENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PERSON_TIMEOUT = Duration.ofMinutes(30);

    private Demo() {
    }

    public static void main(String[] args) throws IOException {
        Scenario scenario = Scenario.seed();
        for (String arg : args) {
            scenario = switch (arg) {
                case "--approve" -> scenario.approvedByAPerson();
                case "--branched" -> scenario.withForm(ChainForm.BRANCHED);
                case "--old-image" -> scenario.fromOldImage();
                case "--init-container" -> scenario.withVariant(BasketballManifests.Variant.INIT_CONTAINER);
                case "--hook-job" -> scenario.withVariant(BasketballManifests.Variant.HOOK_JOB);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                    yield scenario;
                }
                default -> {
                    System.err.println("medic demo: unknown option " + arg + "\n" + USAGE);
                    System.exit(2);
                    yield scenario;
                }
            };
        }
        if (scenario.oldImage() && scenario.form() == ChainForm.BRANCHED) {
            System.err.println("medic demo: --old-image rolls forward along main, the linearized chain; drop --branched");
            System.exit(2);
        }
        Path logs = Files.createTempDirectory("medic-demo-");
        System.exit(run(scenario, logs, new Narrator(System.out)));
    }

    /** Runs the demo; returns the exit code. Everything it started is stopped when it returns. */
    static int run(Scenario scenario, Path logs, Narrator narrator) {
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        AtomicReference<Incident> incident = new AtomicReference<>();
        Thread cleanup = new Thread(() -> {
            if (pipeline.get() != null || incident.get() != null) {
                stop(incident.getAndSet(null), pipeline.getAndSet(null));
                narrator.plain("\nmedic demo interrupted: every process and database it started is stopped. Logs: " + logs);
            }
        }, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        narrator.plain("Medic demo: basketball-api#183 (" + scenario.form().name().toLowerCase() + " chain"
                + (scenario.oldImage() ? ", from the old image 737093f" : "") + ", "
                + scenario.variant().name().toLowerCase().replace('_', ' ')
                + (scenario.manualApproval() ? ", approved by you" : ", approved automatically") + "); logs in " + logs);
        try {
            pipeline.set(Pipeline.start(Pipeline.Options.demo(logs), narrator));
            Pipeline p = pipeline.get();
            incident.set(Incident.open(p, scenario, narrator));
            Incident i = incident.get();
            i.deploy();
            Recovery recovery = Recovery.await(p, i, (in, plan) -> decide(p, in, plan, narrator), INCIDENT_TIMEOUT);
            List<Acceptance.Check> checks = recovery.checks();
            narrator.step("checking the seed issue's acceptance criteria");
            for (Acceptance.Check c : checks) {
                narrator.plain((c.holds() ? "  ✓ " : "  ✗ ") + c.criterion() + ": " + c.seen());
            }
            figures(p, i, recovery.healing(), recovery.finished(), narrator);
            boolean ok = recovery.recovered();
            narrator.plain(ok ? "\nRecovered. Logs: " + logs
                    : "\nNOT recovered (" + recovery.finished().outcome() + "). Logs: " + logs);
            return ok ? 0 : 1;
        } catch (RuntimeException | AssertionError e) {
            narrator.plain("\nmedic demo failed: " + e.getMessage() + "\nLogs: " + logs);
            return 1;
        } finally {
            stop(incident.getAndSet(null), pipeline.getAndSet(null));
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    /** A plan waits for a person: with --approve the reader is that person; otherwise the demo approves as one would. */
    private static void decide(Pipeline p, Incident i, Plan plan, Narrator narrator) {
        String command = i.approveCommand(plan, p.approverToken());
        if (i.scenario().manualApproval()) {
            narrator.step("plan " + plan.id() + " (risk " + plan.risk() + ") waits for a person. Approve it from another "
                    + "terminal:\n\n" + command + "\n");
            i.awaitDecision(plan, PERSON_TIMEOUT);
            return;
        }
        narrator.step("plan " + plan.id() + " (risk " + plan.risk() + ") needs a person; the demo approves it as one would:\n"
                + command);
        int status = i.approve(plan, p.approverToken(), plan.digest());
        if (status != 200) {
            throw new IllegalStateException("the approval API answered " + status);
        }
    }

    private static void figures(Pipeline p, Incident i, Plan plan, Execution finished, Narrator narrator) {
        Instant crash = i.firstCrash();
        List<Signal> signals = i.signals();
        Decision decision = i.decisions().stream().filter(d -> d.planId().equals(plan.id())).findFirst().orElse(null);
        Execution first = i.executions(plan.id()).stream().filter(e -> e.startedAt() != null).findFirst().orElse(null);
        Signal signal = signals.stream().filter(s -> !s.detectedAt().isAfter(plan.createdAt())).reduce((a, b) -> b)
                .orElse(signals.isEmpty() ? null : signals.get(0));
        narrator.plain("");
        narrator.step("figures");
        if (crash != null && signal != null) {
            narrator.plain("  first crash -> detection " + Stories.seconds(Duration.between(crash, signals.get(0).detectedAt()))
                    + ", -> plan " + Stories.seconds(Duration.between(crash, plan.createdAt()))
                    + (decision == null ? "" : ", -> decision " + Stories.seconds(Duration.between(crash, decision.at())))
                    + ", -> recovery " + Stories.seconds(Duration.between(crash, finished.at())));
        }
        if (signal != null && decision != null && first != null) {
            Duration planning = Duration.between(signal.detectedAt(), plan.createdAt());
            Duration starting = Duration.between(decision.at(), first.startedAt());
            narrator.plain("  pipeline overhead (signal -> plan, decision -> first step started): "
                    + Stories.seconds(planning.plus(starting)) + " (" + Stories.seconds(planning) + " + "
                    + Stories.seconds(starting) + ")");
        }
        long total = 0;
        StringBuilder rss = new StringBuilder("  peak RSS:");
        for (ServiceProcess s : p.services()) {
            long kb = s.peakRssKb();
            total += kb;
            rss.append(' ').append(s.name()).append(' ').append(kb / 1024).append(" MB,");
        }
        long self = selfPeakRssKb();
        rss.append(" demo JVM (sandbox, forge) ").append(self / 1024).append(" MB; services together ").append(total / 1024)
                .append(" MB");
        narrator.plain(rss.toString());
    }

    private static long selfPeakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return 0;
    }

    private static void stop(Incident incident, Pipeline pipeline) {
        if (incident != null) {
            incident.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
