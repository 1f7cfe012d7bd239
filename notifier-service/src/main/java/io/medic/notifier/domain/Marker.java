package io.medic.notifier.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden line that makes a comment Medic's and names what it tells:
 * {@code <!-- medic:incident=…;plan=…;state=… -->} ({@code plan=-} before there is a plan). Before posting,
 * the notifier lists the comments and skips a marker already there: redelivery, a restart or a
 * second replica never post the same state twice.
 */
public record Marker(String incident, String plan, String state) {

    public static final String NO_PLAN = "-";
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:/@+-]");
    private static final Pattern FOUND = Pattern.compile(
            "<!-- medic:incident=([^;\\s]+);plan=([^;\\s]+);state=([^\\s;]+) -->");

    public Marker {
        incident = safe(incident);
        plan = plan == null || plan.isBlank() ? NO_PLAN : safe(plan);
        state = safe(state);
    }

    public String render() {
        return "<!-- medic:incident=" + incident + ";plan=" + plan + ";state=" + state + " -->";
    }

    /**
     * The marker of a comment Medic posted: its last line, where the notifier puts it, and only there. A marker-shaped
     * line elsewhere (a crash log quoted in the detected comment, a person quoting one) is text, not a claim that a
     * state was told: counting it would let a log line suppress the real comment.
     */
    public static Optional<Marker> of(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body.strip();
        String last = text.substring(text.lastIndexOf('\n') + 1).strip();
        Matcher m = FOUND.matcher(last);
        return m.matches() ? Optional.of(new Marker(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** Ids come from Medic's own events, but a marker must never end the HTML comment early. */
    private static String safe(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a marker needs incident and state");
        }
        return UNSAFE.matcher(value).replaceAll("_");
    }

    @Override
    public String toString() {
        return incident + "/" + plan + "/" + state;
    }
}
