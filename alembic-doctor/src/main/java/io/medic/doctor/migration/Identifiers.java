package io.medic.doctor.migration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Table and column names as PostgreSQL stores them: the server truncates every identifier to
 * NAMEDATALEN - 1 = 63 bytes (UTF-8, never inside a character) and only says so in a NOTICE, so a
 * migration's {@code op.create_table("<70 characters>")} makes a table whose name has 63 bytes. The
 * reader keeps the stored name, so that simulation and live catalog speak of the same object.
 */
public final class Identifiers {

    /** NAMEDATALEN - 1 in a stock build. */
    public static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    /** {@code name} as the server stores it; null stays null. */
    public static String stored(String name) {
        if (name == null || name.length() <= MAX_BYTES / 3) {
            return name; // at most 3 bytes per UTF-16 unit: certainly short enough
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return name;
        }
        int end = MAX_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // back to the first byte of the character the limit cuts (pg_mbcliplen)
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Each of {@code names} as stored (nulls kept: an expression the reader cannot name). */
    public static List<String> stored(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(stored(n));
        }
        return Collections.unmodifiableList(out);
    }
}
