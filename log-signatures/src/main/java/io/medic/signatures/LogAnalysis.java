package io.medic.signatures;

import io.medic.events.SignatureMatch;

/**
 * What a crash log shows: the signature that fired (id, version, severity, fields), whether it is a
 * specific one or only the generic fallback, the line that fired it and the redacted excerpt to publish.
 */
public record LogAnalysis(SignatureMatch signature, boolean specific, String evidenceLine, String excerpt) {
    public LogAnalysis {
        evidenceLine = evidenceLine == null ? "" : evidenceLine;
        excerpt = excerpt == null ? "" : excerpt;
    }
}
