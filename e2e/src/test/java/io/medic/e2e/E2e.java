package io.medic.e2e;

import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Plan;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one pipeline every end-to-end test of this JVM shares (a broker, the sandbox, the forge stand-in and the
 * four services, started once: about half a minute), and what the tests assert about an incident's end. Each
 * test opens its incident in a namespace, a database and an issue of its own, so incidents can run side by side.
 */
final class E2e {

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final Path LOGS = Path.of("target", "e2e-logs").toAbsolutePath();
    private static Pipeline pipeline;

    private E2e() {
    }

    static synchronized Pipeline pipeline() {
        if (pipeline == null) {
            pipeline = Pipeline.start(Pipeline.Options.tests(LOGS), narrator("pipeline"));
            Pipeline started = pipeline;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-pipeline-stop"));
        }
        return pipeline;
    }

    /** Opens {@code scenario}'s incident (its timeline goes to target/e2e-logs/<namespace>.timeline) and deploys it. */
    static Incident deploy(Scenario scenario) {
        Incident incident = Incident.open(pipeline(), scenario, narrator(scenario.namespace()));
        incident.deploy();
        return incident;
    }

    static Narrator narrator(String name) {
        try {
            Files.createDirectories(LOGS);
            return new Narrator(new PrintStream(new FileOutputStream(LOGS.resolve(name + ".timeline").toFile(), false),
                    true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No plan in these scenarios needs a person unless the test says so. */
    static Recovery.Person nobody() {
        return (incident, plan) -> {
            throw new AssertionError("plan " + plan.id() + " (" + plan.diagnoser() + ", risk " + plan.risk()
                    + ") unexpectedly waits for a person");
        };
    }

    /** A person approving with the demo's approver token and the plan's digest, as the printed curl line does. */
    static Recovery.Person approver() {
        return (incident, plan) -> assertThat(incident.approve(plan, pipeline().approverToken(), plan.digest()))
                .as("approving " + plan.id()).isEqualTo(200);
    }

    /** Runs {@code command} as a person's shell would (bash -c), its output into this test's; returns the exit code. */
    static int shell(String command) {
        try {
            Process process = new ProcessBuilder("bash", "-c", command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).inheritIO().start();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 60 s: " + command);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The seed issue's acceptance criteria hold, and the healing plan ran each of its steps exactly once: one end
     * record per live step, none of them FAILED, and exactly one final record.
     */
    static void assertRecovered(Incident incident, Recovery recovery) {
        String checks = recovery.checks().stream().map(c -> (c.holds() ? "  ok  " : "  NOT ") + c.criterion() + ": " + c.seen())
                .collect(Collectors.joining("\n"));
        assertThat(recovery.recovered()).as("acceptance criteria of " + incident.scenario().issue() + " (outcome "
                + recovery.finished().outcome() + ": " + recovery.finished().detail() + ")\n" + checks).isTrue();
        assertStepsRanOnce(incident, recovery.healing());
        if (recovery.rollForward() != null) {
            assertStepsRanOnce(incident, recovery.rollForward());
        }
    }

    static void assertStepsRanOnce(Incident incident, Plan plan) {
        List<Execution> records = incident.executions(plan.id());
        String text = records.stream().map(e -> "  " + e.phase() + " " + e.stepIndex() + " " + e.stepType() + " "
                + e.status() + " " + e.detail()).collect(Collectors.joining("\n"));
        for (int i = 0; i < plan.steps().size(); i++) {
            int index = i;
            List<ExecutionStatus> ends = records.stream()
                    .filter(e -> e.phase() == ExecutionPhase.LIVE && e.stepIndex() == index && e.status() != ExecutionStatus.STARTED)
                    .map(Execution::status).toList();
            assertThat(ends).as("how step " + i + " (" + plan.steps().get(i).describe() + ") of " + plan.id() + " ended\n" + text)
                    .hasSize(1).doesNotContain(ExecutionStatus.FAILED);
        }
        assertThat(records.stream().filter(Execution::finished).count()).as("final records of " + plan.id() + "\n" + text)
                .isEqualTo(1);
    }
}
