package io.medic.events;

import java.util.Map;

/** Which log signature fired (id and version), how severe it is, and the fields its regex extracted. */
public record SignatureMatch(String id, int version, String severity, Map<String, String> fields) {
    public SignatureMatch {
        Require.text(id, "signature.id");
        Require.text(severity, "signature.severity");
        fields = Require.map(fields);
    }
}
