package io.medic.executor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Alembic's own log: which revisions an {@code alembic upgrade} ran, from its
 * {@code Running upgrade 018 -> 019, player teams} lines (a merge names several: {@code 020, 021 -> 022}).
 */
public final class AlembicLog {

    private static final Pattern RUNNING = Pattern.compile("Running upgrade (.*?) -> ([^,\\s]+)");

    private AlembicLog() {
    }

    /** The revisions the log says ran, in order. */
    public static List<String> upgradesRun(String log) {
        List<String> ran = new ArrayList<>();
        Matcher m = RUNNING.matcher(log == null ? "" : log);
        while (m.find()) {
            ran.add(m.group(2));
        }
        return ran;
    }
}
