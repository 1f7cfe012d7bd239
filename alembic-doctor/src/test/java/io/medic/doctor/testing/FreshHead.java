package io.medic.doctor.testing;

import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** The schema of a fresh database upgraded from empty to head with real Alembic: what every plan must end at. */
public final class FreshHead {

    private static final Map<FixtureForm, SchemaDump> SCHEMAS = new EnumMap<>(FixtureForm.class);

    private FreshHead() {
    }

    /** Built once per form and test JVM, in a database of its own that is dropped afterwards. */
    public static synchronized SchemaDump schema(FixtureForm form) {
        return SCHEMAS.computeIfAbsent(form, FreshHead::build);
    }

    private static SchemaDump build(FixtureForm form) {
        Path directory;
        try {
            directory = Files.createTempDirectory("medic-fresh-head-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ThrowawayDatabase db = new ThrowawayDatabase("fresh head " + form).open()) {
            AlembicProject project = AlembicProject.copyOf(form, directory, db);
            project.upgrade("head");
            return SchemaDump.of(db);
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
