package io.medic.bench;

import io.medic.signatures.LogAnalysis;
import io.medic.signatures.Redactor;
import io.medic.signatures.SignatureCatalog;
import io.medic.signatures.SignatureMatcher;
import io.medic.signatures.testing.AdversarialLog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the signature catalog and the redactor over crafted log lines, as the detector runs them on a log
 * nobody controls: {@code analyze} is the whole of {@link SignatureMatcher#analyze} (normalise, every
 * signature, the generic fallback, the redacted excerpt), {@code redact} is {@link Redactor#redact} alone on
 * the same text. Each shape is an {@link AdversarialLog} of {@code --bytes} characters (64 KiB, the most of a
 * log the detector keeps), built to make a backtracking engine explore as many paths as it can; the tests'
 * linear-time checks use the same logs.
 *
 * <pre>
 * SignaturesBench --list
 * SignaturesBench --shape NAME [--bytes 65536] [--warmup 3] [--runs 10] [--signatures FILE]
 * </pre>
 * Prints one line per shape: its name, the characters, then the median and the slowest of {@code --runs} runs
 * of each operation, in milliseconds of wall time, and the median CPU time of {@code analyze} (the figure that
 * does not depend on what else the machine is running). bench/signatures/run.sh runs each shape in a JVM of its own under a time
 * limit, so a shape that never finishes costs only its own row.
 */
public final class SignaturesBench {

    private SignaturesBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("list")) {
            Arrays.stream(AdversarialLog.values()).map(AdversarialLog::shape).forEach(System.out::println);
            return;
        }
        String shape = options.get("shape");
        AdversarialLog adversarial;
        try {
            adversarial = AdversarialLog.byShape(String.valueOf(shape));
        } catch (IllegalArgumentException e) {
            System.err.println("SignaturesBench: --shape must be one of "
                    + Arrays.stream(AdversarialLog.values()).map(AdversarialLog::shape).toList());
            System.exit(2);
            return;
        }
        int bytes = Integer.parseInt(options.getOrDefault("bytes", "65536"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
        SignatureCatalog catalog = options.containsKey("signatures")
                ? SignatureCatalog.withUserFile(Path.of(options.get("signatures")))
                : SignatureCatalog.builtIn();
        SignatureMatcher matcher = new SignatureMatcher(catalog);
        String log = adversarial.text(bytes);

        List<Long> analyze = new ArrayList<>();
        List<Long> analyzeCpu = new ArrayList<>();
        List<Long> redact = new ArrayList<>();
        String seen = "";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup + runs; i++) {
            long cpuStarted = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            LogAnalysis analysis;
            String redacted;
            long analyzed;
            try {
                analysis = matcher.analyze(log, null);
                analyzed = System.nanoTime();
                if (i >= warmup) {
                    analyzeCpu.add(threads.getCurrentThreadCpuTime() - cpuStarted);
                }
                redacted = Redactor.redact(log);
            } catch (StackOverflowError e) {
                // a backtracking engine recursing once per repetition: on the detector, the worker's task dies
                System.out.printf(Locale.ROOT, "%-20s %7d   %9s%n", shape, log.length(), "StackOverflowError");
                return;
            }
            long finished = System.nanoTime();
            if (i >= warmup) {
                analyze.add(analyzed - started);
                redact.add(finished - analyzed);
            }
            seen = analysis.signature().id() + " " + redacted.length();
        }
        System.out.printf(Locale.ROOT, "%-20s %7d   %9s %9s %9s   %9s %9s   %s%n", shape, log.length(),
                ms(median(analyze)), ms(max(analyze)), ms(median(analyzeCpu)), ms(median(redact)), ms(max(redact)), seen);
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                System.err.println("SignaturesBench: unexpected argument " + args[i] + " in " + Arrays.toString(args));
                System.exit(2);
            }
            String key = args[i].substring(2);
            if (key.equals("list")) {
                options.put(key, "");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            } else {
                System.err.println("SignaturesBench: " + args[i] + " needs a value");
                System.exit(2);
            }
        }
        return options;
    }
}
