package io.medic.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch for the built-in types the sandbox runs: maps merge, {@code null}
 * deletes, and lists of named things merge by their patch merge key (containers by {@code name}, ports by
 * {@code containerPort}, ...) instead of being replaced. {@code $patch: delete} / {@code replace} are
 * honoured; {@code $setElementOrder}, {@code $retainKeys} and {@code $deleteFromPrimitiveList} are
 * ignored (order and retained keys follow the original).
 */
final class StrategicMergePatch {

    /** Merge keys of the lists the built-in types merge, by field name. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"), Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
            Map.entry("volumes", "name"), Map.entry("imagePullSecrets", "name"), Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"), Map.entry("hostAliases", "ip"), Map.entry("resourceClaims", "name"),
            Map.entry("topologySpreadConstraints", "topologyKey"));
    private static final String DIRECTIVE = "$patch";

    private StrategicMergePatch() {
    }

    static JsonNode apply(JsonNode original, JsonNode patch) {
        if (!patch.isObject()) {
            throw new IllegalArgumentException("a strategic merge patch must be a JSON object");
        }
        JsonNode merged = mergeObject(original != null && original.isObject() ? (ObjectNode) original : null, (ObjectNode) patch);
        return merged == null ? original.deepCopy() : merged;
    }

    private static ObjectNode mergeObject(ObjectNode original, ObjectNode patch) {
        String directive = patch.path(DIRECTIVE).asText("");
        if (directive.equals("replace") || original == null) {
            return withoutDirectives(patch);
        }
        if (directive.equals("delete")) {
            return null;
        }
        ObjectNode result = original.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("$")) {
                continue;
            }
            JsonNode current = result.get(name);
            if (value.isNull()) {
                result.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                ObjectNode merged = mergeObject((ObjectNode) current, (ObjectNode) value);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            } else if (value.isArray() && current != null && current.isArray() && mergeKey(name, result) != null) {
                result.set(name, mergeList((ArrayNode) current, (ArrayNode) value, mergeKey(name, result)));
            } else if (value.isArray() && current != null && current.isArray() && name.equals("finalizers")) {
                ArrayNode union = ((ArrayNode) current).deepCopy();
                value.forEach(v -> {
                    if (!contains(union, v)) {
                        union.add(v);
                    }
                });
                result.set(name, union);
            } else {
                result.set(name, value.isObject() ? withoutDirectives((ObjectNode) value) : value.deepCopy());
            }
        }
        return result;
    }

    private static String mergeKey(String field, ObjectNode parent) {
        if (field.equals("ports")) {
            // a container's ports merge by containerPort, a Service's by port
            return parent.has("image") || parent.has("name") && !parent.has("selector") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String key) {
        ArrayNode result = original.deepCopy();
        for (JsonNode item : patch) {
            if (!item.isObject() || !item.has(key)) {
                if (item.isObject() && item.path(DIRECTIVE).asText("").equals("replace")) {
                    return withoutDirectives(patch);
                }
                continue;
            }
            int index = indexOf(result, key, item.get(key));
            if (index < 0) {
                if (!item.path(DIRECTIVE).asText("").equals("delete")) {
                    result.add(withoutDirectives((ObjectNode) item));
                }
                continue;
            }
            ObjectNode merged = mergeObject((ObjectNode) result.get(index), (ObjectNode) item);
            if (merged == null) {
                result.remove(index);
            } else {
                result.set(index, merged);
            }
        }
        return result;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode withoutDirectives(ArrayNode list) {
        ArrayNode copy = list.arrayNode();
        list.forEach(v -> {
            if (!(v.isObject() && v.has(DIRECTIVE) && v.size() == 1)) {
                copy.add(v.isObject() ? withoutDirectives((ObjectNode) v) : v.deepCopy());
            }
        });
        return copy;
    }

    private static ObjectNode withoutDirectives(ObjectNode node) {
        ObjectNode copy = node.objectNode();
        node.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("$")) {
                return;
            }
            JsonNode v = e.getValue();
            copy.set(e.getKey(), v.isObject() ? withoutDirectives((ObjectNode) v) : v.isArray() ? withoutDirectives((ArrayNode) v) : v.deepCopy());
        });
        return copy;
    }
}
