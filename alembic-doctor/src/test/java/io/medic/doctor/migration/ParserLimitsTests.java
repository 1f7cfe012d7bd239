package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 2, at the limits: for each construct that nests or chains, at and around CPython 3.11's own limits
 * and Medic's, the reader never accepts a file CPython's compiler refuses (Alembic could not import it), refuses
 * only with a reason (never a StackOverflowError, on a small stack as on bin/medic's), and accepts at least up to
 * its documented bounds. Real CPython judges; it only compiles the generated files, never runs them.
 */
class ParserLimitsTests {

    private static final String HEADER = "from alembic import op\n\nrevision = '025'\ndown_revision = '024'\n\n"
            + "def upgrade():\n    pass\n\ndef downgrade():\n";

    /** A construct nested or chained n times, as the body of downgrade() (one line unless it is a block). */
    record Construct(String name, IntFunction<String> body, int accepted, int largest) {
        Construct(String name, IntFunction<String> body, int accepted) {
            this(name, body, accepted, 40_000);
        }
    }

    /** What CPython 3.11 was measured to accept at most, and what the reader promises to accept at least. */
    private static final List<Construct> CONSTRUCTS = List.of(
            new Construct("parentheses", n -> "x = " + "(".repeat(n) + "1" + ")".repeat(n), 200),
            new Construct("brackets", n -> "x = " + "[".repeat(n) + "1" + "]".repeat(n), 200),
            new Construct("braces and brackets", n -> "x = " + "{[".repeat(n / 2) + "[".repeat(n % 2) + "1"
                    + "]".repeat(n % 2) + "]}".repeat(n / 2), 200),
            new Construct("nested calls", n -> "x = " + "f(".repeat(n) + ")".repeat(n), 200),
            new Construct("unary minus", n -> "x = " + "-".repeat(n) + "1", Parser.MAX_DEPTH - 1),
            new Construct("not", n -> "x = " + "not ".repeat(n) + "y", Parser.MAX_DEPTH - 1),
            new Construct("lambda", n -> "x = " + "lambda: ".repeat(n) + "1", Parser.MAX_DEPTH - 1),
            new Construct("conditional", n -> "x = " + "1 if y else ".repeat(n) + "1", Parser.MAX_DEPTH - 1),
            new Construct("subscripts", n -> "x = a" + "[0]".repeat(n), Parser.MAX_CHAIN),
            new Construct("attributes", n -> "x = a" + ".b".repeat(n), Parser.MAX_CHAIN),
            new Construct("call chain", n -> "x = a" + "()".repeat(n), Parser.MAX_CHAIN),
            new Construct("sum", n -> "x = " + "1 + ".repeat(n) + "1", Parser.MAX_BINARY_RUN - 2),
            new Construct("power", n -> "x = " + "2 ** ".repeat(n) + "1", Parser.MAX_DEPTH - 1),
            new Construct("comparison", n -> "x = " + "1 < ".repeat(n) + "1", Parser.MAX_BINARY_RUN - 2),
            new Construct("and", n -> "x = " + "a and ".repeat(n) + "b", Parser.MAX_BINARY_RUN - 2),
            new Construct("tuple", n -> "x = " + "1, ".repeat(n) + "1", 20_000),
            new Construct("indentation", ParserLimitsTests::blocks, 98, 101));

    /** n nested if-blocks inside downgrade(): CPython allows 100 indentation levels in all. */
    private static String blocks(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(" ".repeat(i)).append("if x:\n");
        }
        return b.append(" ".repeat(n)).append("pass").toString();
    }

    @TempDir
    Path temp;

    @Test
    void neverAcceptsWhatCPythonRefusesAndAcceptsUpToItsBounds() throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Construct> constructs = new LinkedHashMap<>();
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (Construct c : CONSTRUCTS) {
            for (int n : new int[] {1, c.accepted() - 1, c.accepted(), c.accepted() + 1, 99, 100, 101, 199, 200, 201, 2_980,
                    2_991, 2_992, 3_100, c.largest()}) {
                String key = c.name().replace(' ', '_') + "_" + n;
                if (n < 1 || n > c.largest() || files.containsKey(key)) {
                    continue;
                }
                String body = c.body().apply(n).indent(4);
                files.put(key, Files.writeString(temp.resolve(key + ".py"), HEADER + body));
                constructs.put(key, c);
                depths.put(key, n);
            }
        }
        Map<String, String> cpython = RealAlembic.compileWithCPython(temp, files);

        Map<String, TreeMap<Integer, String>> table = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String key : files.keySet()) {
            Construct c = constructs.get(key);
            int n = depths.get(key);
            boolean cpythonAccepts = "ok".equals(cpython.get(key));
            // half the JVM's default thread stack (the planner's workers have the default), and bin/medic's -Xss4m
            for (long stack : new long[] {512 * 1024, 4 * 1024 * 1024}) {
                String medic = readOnStack(files.get(key), stack);
                table.computeIfAbsent(c.name(), k -> new TreeMap<>()).put(n, (cpythonAccepts ? "ok" : "refused")
                        + "/" + (medic.equals("ok") ? "ok" : "refused"));
                if (medic.startsWith("crashed")) {
                    problems.add(key + " on a " + stack / 1024 + " KiB stack: " + medic);
                } else if (medic.equals("ok") && !cpythonAccepts) {
                    problems.add(key + ": CPython refuses it (" + cpython.get(key) + "), the reader accepts it");
                } else if (!medic.equals("ok") && n <= c.accepted()) {
                    problems.add(key + ": within the reader's bound of " + c.accepted() + " but refused: " + medic);
                }
            }
        }
        table.forEach((name, row) -> System.out.println("parser limits (CPython/Medic): " + name + " " + row));
        assertThat(problems).isEmpty();
    }

    /** "ok", the one-line reason, or "crashed: ..." for anything else thrown; read on a thread of the given stack. */
    private static String readOnStack(Path file, long stackBytes) throws InterruptedException {
        AtomicReference<String> result = new AtomicReference<>();
        Thread reader = new Thread(null, () -> {
            try {
                MigrationReader.read(file);
                result.set("ok");
            } catch (MigrationParseException e) {
                result.set(e.getMessage().lines().count() == 1 && !e.getMessage().contains("Exception")
                        ? e.reason() : "crashed: a reason that is not one line for a person: " + e.getMessage());
            } catch (Throwable t) {
                result.set("crashed: " + t);
            }
        }, "reader", stackBytes);
        reader.start();
        reader.join();
        return result.get();
    }
}
