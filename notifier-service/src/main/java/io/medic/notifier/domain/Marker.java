package io.medic.notifier.domain;

import java.util.LinkedHashSet;
import java.util.Set;
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

    /** Every marker in a comment body, in order. */
    public static Set<Marker> findAll(String body) {
        Set<Marker> found = new LinkedHashSet<>();
        if (body != null) {
            Matcher m = FOUND.matcher(body);
            while (m.find()) {
                found.add(new Marker(m.group(1), m.group(2), m.group(3)));
            }
        }
        return found;
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
