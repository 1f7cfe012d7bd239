package io.medic.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/medic} launcher as a process, the way a user does. */
record MedicProcess(int exitCode, String stdout, String stderr) {

    static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/medic"))) {
                return dir;
            }
        }
        throw new IllegalStateException("bin/medic not found above " + Path.of("").toAbsolutePath());
    }

    static MedicProcess run(String... args) {
        return run(checkout().resolve("bin/medic"), Map.of(), args);
    }

    static MedicProcess run(Path launcher, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("medic-out", ".txt");
            Path err = Files.createTempFile("medic-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/medic " + String.join(" ", args) + " did not finish within 120 s");
            }
            MedicProcess result = new MedicProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String all() {
        return stdout + stderr;
    }
}
