package io.medic.detector.domain;

import io.medic.events.Links;
import io.medic.events.SecretKeyRef;

import java.util.Map;

/** Medic's workload annotations, read in one place. */
public final class Annotations {

    public static final String ISSUE = "medic.io/issue";
    public static final String DATABASE_SECRET = "medic.io/database-secret";
    public static final String MIGRATIONS = "medic.io/migrations";
    public static final String IGNORE = "medic.io/ignore";
    /** On a migration Job: the workload it serves, {@code Kind/name} or {@code name}. */
    public static final String WORKLOAD = "medic.io/workload";
    /** The key of the database Secret when the annotation names only the Secret. */
    public static final String DEFAULT_SECRET_KEY = SecretKeyRef.DEFAULT_KEY;

    private Annotations() {
    }

    public static boolean ignored(Map<String, String> annotations) {
        return annotations != null && "true".equalsIgnoreCase(annotations.getOrDefault(IGNORE, "").strip());
    }

    /**
     * The links of {@code annotations}: {@code medic.io/issue}, {@code medic.io/database-secret} as
     * {@code secret/key}, {@code secret:key} or {@code secret} (key {@value #DEFAULT_SECRET_KEY}), and
     * {@code medic.io/migrations}. Only the Secret's name and key travel, never its value.
     */
    public static Links links(Map<String, String> annotations) {
        if (annotations == null || annotations.isEmpty()) {
            return Links.NONE;
        }
        String issue = blankToNull(annotations.get(ISSUE));
        String migrations = blankToNull(annotations.get(MIGRATIONS));
        SecretKeyRef secret = secretRef(blankToNull(annotations.get(DATABASE_SECRET)));
        if (issue == null && migrations == null && secret == null) {
            return Links.NONE;
        }
        return new Links(issue, secret, migrations);
    }

    static SecretKeyRef secretRef(String value) {
        return SecretKeyRef.ofAnnotation(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
