package io.medic.sandbox.kubelet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running instance of a container: its command under the {@code shim.py} wrapper (own process group,
 * dies with the sandbox), the image's directory as working directory, exactly the container's environment
 * (nothing inherited from the sandbox), stdin from {@code /dev/null}, stdout and stderr into one log file.
 */
final class ContainerProcess {

    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final CompletableFuture<Integer> exit;

    private ContainerProcess(Process process) {
        this.process = process;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    static ContainerProcess start(Path shim, List<String> argv, Path workingDir, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-I", "-S", shim.toString(), Long.toString(ProcessHandle.current().pid())));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        return new ContainerProcess(builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** Completes with the exit code: the command's, or 128 + the signal that killed it. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM to every process of the container (the shim forwards it to the process group). */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL to every process of the container, then to the shim; returns once they are gone (bounded). */
    void kill() {
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no kill(1): the descendants are killed one by one below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await(Duration.ofSeconds(5));
    }

    /** Waits up to {@code timeout} for the instance to exit; true when it has. */
    boolean await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
