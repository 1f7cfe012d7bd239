package io.medic.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints the demo's live timeline: wall-clock time, seconds since the first crash, what happened. */
public class Narrator {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private final PrintStream out;
    private volatile Instant origin;

    public Narrator(PrintStream out) {
        this.out = out;
    }

    /** A narrator that prints nothing (tests). */
    public static Narrator silent() {
        return new Narrator(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** Times after this are printed as {@code +s.s} since it (the first crash). */
    public synchronized void originAt(Instant at) {
        if (origin == null || at.isBefore(origin)) {
            origin = at;
        }
    }

    public Instant origin() {
        return origin;
    }

    /** A phase of the demo's own set-up or check, not part of the incident. */
    public synchronized void step(String what) {
        out.println("== " + what);
        out.flush();
    }

    public synchronized void event(Instant at, String label, String what) {
        String since = origin == null ? "" : String.format("%+7.1fs", Duration.between(origin, at).toMillis() / 1000.0);
        out.printf("%s %8s  %-11s %s%n", CLOCK.format(at), since, label, what);
        out.flush();
    }

    /** Lines under the last event, indented. */
    public synchronized void detail(String text) {
        text.lines().forEach(line -> out.println("                          " + line));
        out.flush();
    }

    public synchronized void plain(String text) {
        out.println(text);
        out.flush();
    }
}
