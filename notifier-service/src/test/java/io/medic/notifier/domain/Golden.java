package io.medic.notifier.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files under {@code src/test/resources/golden}: {@code -Dmedic.golden.update=true} rewrites them after
 * a deliberate change (then read the diff, and the files rendered, before committing).
 */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("medic.golden.update")) {
            try {
                Path file = Path.of("src/test/resources/golden", name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s (write it with -Dmedic.golden.update=true)", name).isNotNull();
            assertThat(actual).as("golden file %s", name).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
