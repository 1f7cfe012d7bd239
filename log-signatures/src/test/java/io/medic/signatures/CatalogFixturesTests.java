package io.medic.signatures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture log (real Alembic / psycopg2 / PostgreSQL output, and the same failures through
 * kubectl prefixes, the CRI format, Docker's json-file, JSON loggers, ANSI colours, line wrapping,
 * Flask-Migrate, asyncpg and psycopg 3) fires the signature its directory expects, with exactly its fields.
 */
class CatalogFixturesTests {

    private final SignatureMatcher matcher = new SignatureMatcher(SignatureCatalog.builtIn());

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        return LogFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void firesTheExpectedSignatureWithItsFields(Path log) throws IOException {
        Properties expected = LogFixtures.expected(log);

        LogAnalysis analysis = matcher.analyze(LogTail.read(log, LogLimits.TAIL_LINES, LogLimits.MAX_BYTES).text(), null);

        assertThat(analysis.signature().id()).as(log.toString()).isEqualTo(expected.getProperty("signature"));
        assertThat(new TreeMap<>(analysis.signature().fields())).as(log + " fields").isEqualTo(LogFixtures.fields(expected));
        assertThat(analysis.specific()).isEqualTo(!expected.getProperty("signature").equals(SignatureMatcher.GENERIC_ID));
        assertThat(analysis.excerpt()).as("excerpt of " + log).isNotBlank().doesNotContain("\u001B");
        assertThat(analysis.evidenceLine()).isNotBlank();
    }

    /** Fixture logs live in one directory per case, with the expected signature and fields beside them. */
    static final class LogFixtures {
        static Stream<Path> all() throws IOException, URISyntaxException {
            Path root = Path.of(CatalogFixturesTests.class.getResource("/logs").toURI());
            return Files.walk(root).filter(p -> p.toString().endsWith(".log")).sorted();
        }

        static Properties expected(Path log) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(log.resolveSibling("expected.properties"), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            return p;
        }

        static Map<String, String> fields(Properties expected) {
            Map<String, String> fields = new TreeMap<>();
            expected.stringPropertyNames().stream().filter(k -> k.startsWith("field."))
                    .forEach(k -> fields.put(k.substring("field.".length()), expected.getProperty(k)));
            return fields;
        }
    }
}
