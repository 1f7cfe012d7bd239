package io.medic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.events.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/medic signatures} run as users run it (through {@link Medic}'s entry point), over the
 * log-signatures fixtures: each catalog entry in several wrapper formats.
 */
class SignaturesCommandTests {

    /** The fixtures are log-signatures' test resources; tests run from the cli module's directory. */
    private static final Path FIXTURES = Path.of("..", "log-signatures", "src", "test", "resources", "logs");

    static Stream<Path> fixtureLogs() throws IOException {
        return Files.walk(FIXTURES).filter(p -> p.toString().endsWith(".log")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureLogs")
    void findsTheRightSignatureAndFieldsInEveryFixture(Path log) throws IOException {
        Properties expected = new Properties();
        try (Reader r = Files.newBufferedReader(log.resolveSibling("expected.properties"), StandardCharsets.UTF_8)) {
            expected.load(r);
        }
        Map<String, String> fields = new TreeMap<>();
        expected.stringPropertyNames().stream().filter(k -> k.startsWith("field."))
                .forEach(k -> fields.put(k.substring(6), expected.getProperty(k)));
        boolean generic = expected.getProperty("signature").equals("generic.exception");

        Run run = run("signatures", "--log", log.toString(), "--format", "json");

        assertThat(run.exit).as(run.err).isEqualTo(generic ? 1 : 0);
        JsonNode json = EventCodec.mapper().readTree(run.out);
        assertThat(json.at("/signature/id").asText()).isEqualTo(expected.getProperty("signature"));
        assertThat(new TreeMap<>(EventCodec.mapper().convertValue(json.at("/signature/fields"), Map.class))).isEqualTo(fields);
        assertThat(json.get("specific").asBoolean()).isEqualTo(!generic);
        assertThat(json.get("excerpt").asText()).isNotBlank();
    }

    @Test
    void printsTheSignatureItsFieldsAndTheRedactedExcerptAsText() {
        Run run = run("signatures", "--log", FIXTURES.resolve("duplicate-column/with-secrets.log").toString());

        assertThat(run.exit).isZero();
        assertThat(run.out)
                .contains("signature  db.duplicate-column (version 1, severity high)")
                .contains("column = custom_notes").contains("table  = players")
                .contains("  | sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column \"custom_notes\"")
                .contains("postgresql://basketball:***@db.basketball-api.svc:5432/basketball")
                .doesNotContain("hunter2").doesNotContain("ghp_AbCdEf").doesNotContain("tok_4f9a8b7c6d5e");
    }

    @Test
    void anUnknownLogExitsOneWithTheGenericSignature(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), "starting\nRuntimeError: the flux capacitor is empty\n");

        Run run = run("signatures", "--log", log.toString());

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.out).contains("generic.exception").contains("no specific signature fired")
                .contains("line      = RuntimeError: the flux capacitor is empty");
    }

    @Test
    void usersTestTheirOwnSignaturesBeforeDeployingThem(@TempDir Path dir) throws IOException {
        Path signatures = Files.writeString(dir.resolve("signatures.yaml"), """
                signatures:
                  - id: basketball.roster-sync
                    version: 2
                    severity: medium
                    regex: 'roster sync for team (?<team>\\d+) failed'
                """);
        Path log = Files.writeString(dir.resolve("app.log"), "INFO boot\nERROR roster sync for team 42 failed\n");

        Run run = run("signatures", "--log", log.toString(), "--signatures", signatures.toString(), "--format", "json");

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("\"id\" : \"basketball.roster-sync\"").contains("\"version\" : 2").contains("\"team\" : \"42\"");
    }

    @Test
    void anOomKilledTerminationCanBeGiven(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), "loading fixtures\n");

        Run run = run("signatures", "--log", log.toString(), "--termination-reason", "OOMKilled");

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("container.oom-killed");
    }

    @Test
    void aHugeLogIsReadFromItsEndOnly(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("huge.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            byte[] line = ("INFO " + "x".repeat(1019) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(line);
            }
            out.write("KeyError: '019'\nalembic/script/revision.py\nRevision 019 referenced from 018 -> 020 (head), x is not present\n"
                    .getBytes(StandardCharsets.UTF_8));
        }

        Run run = run("signatures", "--log", log.toString());

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("alembic.broken-revision-map").contains("revision     = 019")
                .contains("of the " + Files.size(log) + "-byte log");
        assertThat(run.out.length()).isLessThan(20_000);
    }

    @Test
    void badInputExitsTwoWithTheReason(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), "x\n");
        Path invalid = Files.writeString(dir.resolve("bad.yaml"), "signatures:\n  - id: a\n    severity: high\n    regex: '(oops'\n");

        assertBadInput(run("signatures", "--log", dir.resolve("missing.log").toString()), "cannot read log", "no such file");
        assertBadInput(run("signatures", "--log", dir.toString()), "cannot read log", "not a regular file");
        assertBadInput(run("signatures", "--log", log.toString(), "--signatures", invalid.toString()),
                "invalid signature file", "regex 1 does not compile");
        assertBadInput(run("signatures", "--log", log.toString(), "--signatures", dir.resolve("none.yaml").toString()),
                "invalid signature file", "cannot read");
        assertBadInput(run("signatures"), "missing required option --log");
        assertBadInput(run("signatures", "--log", log.toString(), "--format", "xml"), "--format must be one of");
        assertBadInput(run("signatures", "--log", log.toString(), "--verbose", "yes"), "unknown option --verbose");
    }

    @Test
    void aSignatureThatNeedsBacktrackingIsRefusedInOneLineEvenWithoutALog(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                signatures:
                  - id: myapp.table
                    severity: high
                    regex: '(?<!of )relation "(?<table>[^"]+)" is gone'
                """);

        Run run = run("signatures", "--signatures", bad.toString());

        assertBadInput(run, "invalid signature file");
        assertThat(run.err).isEqualTo("medic signatures: invalid signature file: " + bad + ": signature 1 (myapp.table): regex 1 "
                + "uses a negative lookbehind '(?<!' at character 1, which only a backtracking matcher can run; signatures are "
                + "matched in linear time (RE2 syntax: no lookaround, backreferences, atomic groups or possessive quantifiers)"
                + System.lineSeparator());
    }

    private static void assertBadInput(Run run, String... reasons) {
        assertThat(run.exit).as(run.err).isEqualTo(2);
        assertThat(run.err).startsWith("medic signatures: ").contains(reasons);
        assertThat(run.out).isEmpty();
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Medic.run(new ArrayList<>(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
