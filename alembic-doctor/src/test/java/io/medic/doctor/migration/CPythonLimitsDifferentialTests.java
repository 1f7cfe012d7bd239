package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Parser;
import io.medic.doctor.testing.AlembicProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader's limits agree with CPython 3.11's, the interpreter Alembic imports revision files with: over
 * a table of constructs generated at and around CPython's limits (and Medic's own), CPython's
 * {@code compile()} ({@code /usr/bin/python3}, run by this test, never by Medic) is the judge. Every file
 * CPython refuses, Medic refuses with a one-line MigrationParseException (never a StackOverflowError); every
 * file CPython accepts, Medic accepts up to the construct's bound: CPython's own limit where it has a
 * documented one, else Medic's deliberate, documented bound ({@link Parser#MAX_DEPTH}, {@link Parser#MAX_CHAIN},
 * {@link Parser#MAX_BINARY_RUN}), which refuses earlier. On the JVM's default thread stack, a quarter of
 * bin/medic's (-Xss4m).
 */
class CPythonLimitsDifferentialTests {

    /** Sizes at and just around each limit (CPython's and Medic's), and one far beyond: no more, the build runs them. */
    private static final int[] SIZES = {1, 4, 20, 21, 99, 100, 101, 133, 134, 150, 199, 200, 201, 499, 500, 501, 2899, 2900,
            2901, 2983, 2984, 2992, 2993, 65_479};
    /** Statement nesting costs n² bytes of indentation: nesting sizes stop here. */
    private static final int MAX_NESTING_SIZE = 202;

    /**
     * One construct: source for size n, and the size up to which Medic must accept what CPython accepts
     * (beyond it Medic may refuse earlier than CPython, never accept what CPython refuses).
     */
    private record Construct(String name, IntFunction<String> source, int mustAcceptUpTo, boolean nesting) {
    }

    private static String repeatJoin(int n, String... cycle) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(cycle[i % cycle.length]);
        }
        return s.toString();
    }

    private static String reversedClosers(int n, String... cycle) {
        StringBuilder s = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
            s.append(cycle[i % cycle.length]);
        }
        return s.toString();
    }

    /** {@code n} nested blocks, each opened by one of {@code openers} in turn, innermost {@code pass}. */
    private static String blocks(int n, String... openers) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (String line : openers[i % openers.length].split("\n")) {
                s.append(" ".repeat(i)).append(line).append('\n');
            }
        }
        return s.append(" ".repeat(n)).append("pass\n").toString();
    }

    private static final int ALL = Integer.MAX_VALUE;
    private static final int DEPTH = Parser.MAX_DEPTH - 8; // the context's own nesting (op.execute's call) counts
    /** A bracket holding a unary operator or lambda costs three levels (see Parser.MAX_DEPTH). */
    private static final int IN_BRACKETS = (Parser.MAX_DEPTH - 8) / 3;
    private static final int CHAIN = Parser.MAX_CHAIN - 2; // so do op.execute's own links

    /** Expressions: each is read as {@code x = EXPR} at module level and as {@code op.execute(EXPR)} in upgrade(). */
    private static final List<Construct> EXPRESSIONS = List.of(
            new Construct("nested ( )", n -> "(".repeat(n) + "1" + ")".repeat(n), ALL, false),
            new Construct("nested [ ]", n -> "[".repeat(n) + "]".repeat(n), ALL, false),
            new Construct("nested { }", n -> "{".repeat(n) + "1" + "}".repeat(n), ALL, false),
            new Construct("nested ( [ { mixed", n -> repeatJoin(n, "(", "[", "{") + "1" + reversedClosers(n, ")", "]", "}"), ALL, false),
            new Construct("nested calls f(f(...))", n -> "f(".repeat(n) + ")".repeat(n), ALL, false),
            new Construct("nested keyword calls f(a=f(a=...))", n -> "f(a=".repeat(n) + "1" + ")".repeat(n), ALL, false),
            new Construct("nested subscripts a[a[...]]", n -> "a[".repeat(n) + "0" + "]".repeat(n), ALL, false),
            new Construct("nested dicts {1: {1: ...}}", n -> "{1: ".repeat(n) + "1" + "}".repeat(n), ALL, false),
            new Construct("nested comprehensions", n -> "[y for y in ".repeat(n) + "z" + "]".repeat(n), ALL, false),
            new Construct("nested walrus", n -> "(a := ".repeat(n) + "1" + ")".repeat(n), ALL, false),
            new Construct("unary minus", n -> "-".repeat(n) + "1", DEPTH, false),
            new Construct("unary not", n -> "not ".repeat(n) + "y", DEPTH, false),
            new Construct("unary ~", n -> "~".repeat(n) + "1", DEPTH, false),
            new Construct("nested lambda", n -> "lambda: ".repeat(n) + "1", DEPTH, false),
            new Construct("conditional expressions", n -> "1 if y else ".repeat(n) + "1", DEPTH, false),
            // 3.11 cannot nest an f-string in one with the same quotes: four kinds of quotes, four levels (sizes 1
            // to 4 only; deeper needs PEP 701's reused quotes, Python 3.12 syntax that Medic accepts on purpose)
            new Construct("nested f-strings", n -> n > 4 ? null : repeatJoin(n, "f'''{", "f\"\"\"{", "f'{", "f\"{")
                    + "1" + reversedClosers(n, "}'''", "}\"\"\"", "}'", "}\""), ALL, false),
            new Construct("f-string format spec nesting", n -> "f'{1:" + "{1:".repeat(n) + "}".repeat(n) + "}'", ALL, false),
            new Construct("subscript chain a[0][0]...", n -> "a" + "[0]".repeat(n), CHAIN, false),
            new Construct("attribute chain a.b.b...", n -> "a" + ".b".repeat(n), CHAIN, false),
            new Construct("call chain f()()...", n -> "f" + "()".repeat(n), CHAIN, false),
            new Construct("binary run 1+1+...", n -> "1" + "+1".repeat(n), Parser.MAX_BINARY_RUN - 2, false),
            new Construct("string concatenation 'a'+'a'+...", n -> "'a'" + "+'a'".repeat(n), Parser.MAX_BINARY_RUN - 2, false),
            new Construct("power run 2**2**...", n -> "2" + "**2".repeat(n), DEPTH, false),
            new Construct("nested (-(-(-...", n -> "(-".repeat(n) + "1" + ")".repeat(n), IN_BRACKETS, false),
            new Construct("nested [lambda: [lambda: ...", n -> "[lambda: ".repeat(n) + "1" + "]".repeat(n), IN_BRACKETS,
                    false),
            new Construct("boolean run y and y and ...", n -> "y" + " and y".repeat(n), ALL, false),
            new Construct("comparison run y < y < ...", n -> "y" + " < y".repeat(n), ALL, false),
            new Construct("implicit concatenation 'a' 'a' ...", n -> "'a'" + " 'a'".repeat(n), ALL, false),
            new Construct("comprehension clauses [y for y in z for y in z ...]", n -> "[y" + " for y in z".repeat(n) + "]",
                    Parser.MAX_COMPREHENSION_CLAUSES, false),
            new Construct("tuple 1, 1, ...", n -> "(" + "1, ".repeat(n) + ")", ALL, false));

    /** Statements: each is read at module level and indented one level inside upgrade(). */
    private static final List<Construct> STATEMENTS = List.of(
            new Construct("nested if", n -> blocks(n, "if x:"), ALL, true),
            new Construct("nested def", n -> blocks(n, "def f():"), ALL, true),
            new Construct("nested class", n -> blocks(n, "class C:"), ALL, true),
            new Construct("nested for", n -> blocks(n, "for x in y:"), ALL, true),
            new Construct("nested while", n -> blocks(n, "while x:"), ALL, true),
            new Construct("nested with", n -> blocks(n, "with a:"), ALL, true),
            new Construct("nested try/finally", n -> blocks(n, "try:").replace("pass\n", "pass\n"
                    + reversedFinally(n)), ALL, true),
            new Construct("nested except bodies", n -> blocks(n, "try:\n pass\nexcept E:"), ALL, true),
            new Construct("nested except-as bodies", n -> blocks(n, "try:\n pass\nexcept E as e:"), ALL, true),
            new Construct("nested finally bodies", n -> blocks(n, "try:\n pass\nfinally:"), ALL, true),
            new Construct("nested else bodies of try/except/finally", n -> blocks(n,
                    "try:\n pass\nexcept E:\n pass\nelse:\n pass\nfinally:\n pass\nif x:"), ALL, true),
            new Construct("nested try/except bodies", n -> blocks(n, "try:").replace("pass\n", "pass\n"
                    + reversedHandlers(n, "except E:")), ALL, true),
            new Construct("nested try/except/finally bodies", n -> blocks(n, "try:").replace("pass\n", "pass\n"
                    + reversedHandlers(n, "except E:", "finally:")), ALL, true),
            new Construct("nested for/else bodies", n -> blocks(n, "for x in y:\n pass\nelse:"), ALL, true),
            new Construct("nested with of two items", n -> blocks(n, "with a, b:"), ALL, true),
            new Construct("nested async with", n -> "async def f():\n" + blocks(n, "async with a:").indent(1), ALL, true),
            new Construct("nested for, with and if", n -> blocks(n, "for x in y:", "with a:", "if x:"), ALL, true),
            new Construct("nested loops inside defs", n -> blocks(n, "for x in y:", "def f():"), ALL, true),
            new Construct("elif run", n -> "if x:\n    pass\n" + "elif x:\n    pass\n".repeat(n), Parser.MAX_BINARY_RUN - 2, false),
            new Construct("decorators", n -> "@d\n".repeat(n) + "def f():\n    pass\n", ALL, false));

    /** Closes {@code n} nested try statements, innermost first, each with these clauses (each body: pass). */
    private static String reversedHandlers(int n, String... clauses) {
        StringBuilder s = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
            for (String clause : clauses) {
                s.append(" ".repeat(i)).append(clause).append('\n').append(" ".repeat(i + 1)).append("pass\n");
            }
        }
        return s.toString();
    }

    private static String reversedFinally(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
            s.append(" ".repeat(i)).append("finally:\n").append(" ".repeat(i + 1)).append("pass\n");
        }
        return s.toString();
    }

    private static final String UPGRADE = "\ndef upgrade():\n    pass\n";
    private static final String HEADER = "from alembic import op\n\nrevision = 'r1'\ndown_revision = None\n\n";

    private record Case(String construct, String context, int n, int mustAcceptUpTo, Path file) {
        String what() {
            return construct + " (" + context + ", n=" + n + ")";
        }
    }

    @TempDir
    Path temp;

    @Test
    void medicRefusesEveryFileCPythonRefusesAndAcceptsUpToItsBounds() throws Exception {
        List<Case> cases = generate();
        Map<Path, String> judged = judge(cases);
        Map<String, String> figures = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases) {
            String cpython = judged.get(c.file());
            assertThat(cpython).as(c.what()).isNotNull();
            boolean cpythonAccepts = cpython.equals("OK");
            // on the default thread stack (1 MiB, as the planner's workers have), the tighter one: bin/medic has -Xss4m
            String medic = readHere(c.file());
            boolean medicAccepts = medic.equals("OK");
            if (!medicAccepts && !medic.startsWith("REFUSED ")) {
                disagreements.add(c.what() + ": Medic " + medic);
            } else if (cpythonAccepts && !medicAccepts && c.n() <= c.mustAcceptUpTo()) {
                disagreements.add(c.what() + ": CPython accepts, Medic " + medic);
            } else if (!cpythonAccepts && medicAccepts) {
                disagreements.add(c.what() + ": CPython " + cpython + ", Medic accepts");
            }
            figures.merge(c.construct() + " (" + c.context() + ")", (cpythonAccepts ? "C" : "c") + (medicAccepts ? "M" : "m")
                    + c.n(), (a, b) -> a + " " + b);
        }
        figures.forEach((k, v) -> System.out.println("python limits: " + k + ": " + summarize(v)));
        assertThat(disagreements).isEmpty();
    }

    /** "CM1 CM20 Cm201 cm202" as: the largest size each accepts. */
    private static String summarize(String outcomes) {
        int cpython = 0;
        int medic = 0;
        String cpythonFirstRefused = "";
        for (String o : outcomes.split(" ")) {
            int n = Integer.parseInt(o.substring(2));
            if (o.charAt(0) == 'C') {
                cpython = Math.max(cpython, n);
            } else if (cpythonFirstRefused.isEmpty()) {
                cpythonFirstRefused = " (refuses " + n + ")";
            }
            if (o.charAt(1) == 'M') {
                medic = Math.max(medic, n);
            }
        }
        return "CPython accepts up to " + cpython + cpythonFirstRefused + ", Medic up to " + medic;
    }

    private List<Case> generate() throws IOException {
        List<Case> cases = new ArrayList<>();
        int i = 0;
        for (Construct c : EXPRESSIONS) {
            for (int n : SIZES) {
                String expr = c.source().apply(n);
                if (expr == null) {
                    continue;
                }
                cases.add(write(c, "module", n, HEADER + "x = " + expr + "\n" + UPGRADE, i++));
                cases.add(write(c, "upgrade", n, HEADER + "def upgrade():\n    op.execute(" + expr + ")\n", i++));
            }
        }
        for (Construct c : STATEMENTS) {
            for (int n : SIZES) {
                if (c.nesting() && n > MAX_NESTING_SIZE) {
                    continue;
                }
                String body = c.source().apply(n);
                cases.add(write(c, "module", n, HEADER + body + UPGRADE, i++));
                cases.add(write(c, "upgrade", n, HEADER + "def upgrade():\n" + body.indent(1), i++));
            }
        }
        cases.removeIf(c -> c == null);
        return cases;
    }

    private Case write(Construct c, String context, int n, String source, int i) throws IOException {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > SourceText.MAX_FILE_BYTES) {
            return null; // refused for its size before any parsing: nothing to learn about the parser
        }
        Path file = Files.write(temp.resolve("c" + i + ".py"), bytes);
        return new Case(c.name(), context, n, c.mustAcceptUpTo(), file);
    }

    /** CPython's verdict on each file: OK, REFUSED ..., or CRASH ... */
    private Map<Path, String> judge(List<Case> cases) throws Exception {
        Path script = temp.resolve("judge.py");
        try (var in = getClass().getResourceAsStream("/python-limits/judge.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path list = temp.resolve("files.txt");
        List<String> command = new ArrayList<>(List.of(AlembicProject.PYTHON, script.toString()));
        cases.forEach(c -> command.add(c.file().toString()));
        Process python = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(list.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(python.waitFor()).isZero();
        Map<Path, String> verdicts = new HashMap<>();
        for (String line : Files.readAllLines(list)) {
            int tab = line.indexOf('\t');
            verdicts.put(Path.of(line.substring(0, tab)), line.substring(tab + 1));
        }
        return verdicts;
    }

    /** What Medic's reader does with the file on this thread: OK, REFUSED reason, or what else escaped. */
    private static String readHere(Path file) {
        try {
            MigrationReader.read(file);
            return "OK";
        } catch (MigrationParseException e) {
            String reason = e.getMessage();
            return reason.contains("\n") ? "a reason of several lines: " + reason : "REFUSED " + reason;
        } catch (Throwable t) {
            return "threw " + t;
        }
    }
}
