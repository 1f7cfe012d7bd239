package io.medic.executor.testing;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Alembic projects of the test images, for the local migration runner: {@code basketball-api:branched}
 * and {@code :linear} are the incident's fixture forms; {@code :broken} is the linear form whose 024 adds
 * players.custom_notes again instead of is_public, so it fails with DuplicateColumn when it runs (a plan
 * made from the good files, executed with a bad image).
 */
public class AlembicProjects implements QuarkusTestResourceLifecycleManager {

    public static final String BROKEN = "broken";

    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("medic-executor-projects-");
            Map<String, String> config = new HashMap<>();
            for (FixtureForm form : FixtureForm.values()) {
                Path dir = Fixtures.copy(AlembicProject.fixtureDirectory(form), root.resolve(form.toString()));
                config.put("medic.executor.local.projects." + form, dir.toString());
            }
            Path broken = Fixtures.copy(AlembicProject.fixtureDirectory(FixtureForm.LINEAR), root.resolve(BROKEN));
            breakRevision024(broken);
            config.put("medic.executor.local.projects." + BROKEN, broken.toString());
            config.put("medic.executor.local.work-dir", root.resolve("work").toString());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String image(String tag) {
        return Fixtures.image(tag);
    }

    static void breakRevision024(Path project) throws IOException {
        Path file = project.resolve("versions/024_player_is_public.py");
        String text = Files.readString(file);
        String broken = text.replace("op.add_column('players', sa.Column('is_public', sa.Boolean(), server_default=sa.text('false'), nullable=False))",
                "op.add_column('players', sa.Column('custom_notes', sa.Text(), nullable=True))");
        if (broken.equals(text)) {
            throw new IllegalStateException("024 no longer reads as expected; cannot break it");
        }
        Files.writeString(file, broken);
    }

    @Override
    public void stop() {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temp directory
        }
    }
}
