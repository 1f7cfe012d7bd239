package io.medic.executor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the fixture's Alembic projects (plain Java: shared with bench/executor). */
public final class Fixtures {

    public static final String REGISTRY = "registry.local/basketball-api:";

    private Fixtures() {
    }

    /** The test image of a fixture form (its tag names the Alembic project the local runner uses). */
    public static String image(String tag) {
        return REGISTRY + tag;
    }

    /** Copies a fixture form, following its symlinks, without caches. */
    public static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().contains("__pycache__")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
