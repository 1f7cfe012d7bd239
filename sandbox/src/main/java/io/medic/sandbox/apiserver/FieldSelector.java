package io.medic.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A field selector ({@code involvedObject.name=x,status.phase!=Running}) evaluated on objects, for the
 * lists the CRUD store cannot filter itself (it knows {@code metadata.name} and {@code metadata.namespace}
 * only). A missing field compares as the empty string, as in Kubernetes.
 */
record FieldSelector(List<Requirement> requirements) {

    private static final Set<String> NATIVE = Set.of("metadata.name", "metadata.namespace");

    record Requirement(String field, String value, boolean equal) {
    }

    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : selector.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int ne = p.indexOf("!=");
            if (ne > 0) {
                requirements.add(new Requirement(p.substring(0, ne).strip(), p.substring(ne + 2).strip(), false));
                continue;
            }
            int eq = p.indexOf("==");
            int len = 2;
            if (eq < 0) {
                eq = p.indexOf('=');
                len = 1;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid field selector requirement: " + p);
            }
            requirements.add(new Requirement(p.substring(0, eq).strip(), p.substring(eq + len).strip(), true));
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    /** Whether the CRUD store would get this selector wrong (a field other than name and namespace). */
    boolean needsEvaluation() {
        return requirements.stream().anyMatch(r -> !NATIVE.contains(r.field()));
    }

    boolean matches(JsonNode object) {
        for (Requirement r : requirements) {
            JsonNode node = object;
            for (String step : r.field().split("\\.")) {
                node = node.path(step);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            if (actual.equals(r.value()) != r.equal()) {
                return false;
            }
        }
        return true;
    }
}
