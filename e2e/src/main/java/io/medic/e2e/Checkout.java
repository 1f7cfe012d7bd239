package io.medic.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Medic checkout this runs from: the directory holding {@code bin/medic}, found upwards from here. */
public record Checkout(Path root) {

    public static Checkout find() {
        String configured = System.getProperty("medic.checkout");
        if (configured != null) {
            return new Checkout(Path.of(configured).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/medic")) && Files.isDirectory(dir.resolve("planner-service"))) {
                return new Checkout(dir);
            }
        }
        throw new IllegalStateException("not inside a Medic checkout (no bin/medic above " + Path.of("").toAbsolutePath()
                + "); set -Dmedic.checkout");
    }
}
