package io.medic.sandbox.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's behaviour on top of the mock's CRUD store, one small handler per thing a real API
 * server does that the store does not:
 * <ul>
 *   <li>{@code GET pods/{pod}/log} answered from the kubelet's log store ({@code container}, {@code previous},
 *       {@code tailLines}, {@code limitBytes});</li>
 *   <li>graceful pod deletion: a DELETE marks the pod ({@code deletionTimestamp}, {@code deletionGracePeriodSeconds})
 *       and the kubelet removes it once its containers have stopped ({@code gracePeriodSeconds=0} deletes at once);</li>
 *   <li>{@code propagationPolicy} of deletions recorded for the garbage collector;</li>
 *   <li>merge patches applied per RFC 7386 (the store appends to arrays), strategic merge patches and server-side
 *       apply (as a strategic merge), which the store refuses with 415;</li>
 *   <li>Secrets' {@code stringData} written as {@code data}; a new Job's selector and pod labels defaulted;</li>
 *   <li>field selectors on fields other than name and namespace evaluated on list requests.</li>
 * </ul>
 * Everything else goes to the mock's mixed dispatcher (expectations first, then CRUD).
 */
final class ApiServerDispatcher extends Dispatcher {

    /** Holds a pod that is terminating until the kubelet has stopped its containers. */
    static final String KUBELET_FINALIZER = "sandbox.medic.io/kubelet";

    private static final Logger LOG = Logger.getLogger(ApiServerDispatcher.class.getName());
    private static final Pattern POD_LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
    private static final Pattern PODS = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods(?:/([^/]+))?$");
    private static final Pattern SECRETS = Pattern.compile("^/api/v1/namespaces/[^/]+/secrets(?:/[^/]+)?$");
    private static final Pattern JOBS = Pattern.compile("^/apis/batch/v1/namespaces/[^/]+/jobs$");
    private static final Pattern JOB_PATH = Pattern.compile("^/apis/batch/v1/namespaces/[^/]+/jobs(?:/[^/]+)?$");
    /** {@code /api/v1/namespaces/ns/plural/name[/sub]} or {@code /apis/group/version/namespaces/ns/plural/name[/sub]}. */
    private static final Pattern OBJECT = Pattern.compile("^/apis?(?:/[^/]+)?/[^/]+(?:/namespaces/[^/]+)?/([^/]+)/([^/]+)(/[^/]+)?$");
    private static final String JSON = "application/json";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper yaml = new YAMLMapper();
    private final Dispatcher store;
    private final PodLogSource logs;
    private final DeletionLog deletions;

    ApiServerDispatcher(Dispatcher store, PodLogSource logs, DeletionLog deletions) {
        this.store = store;
        this.logs = logs;
        this.deletions = deletions;
    }

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
        ApiRequest request = ApiRequest.of(recorded);
        try {
            switch (request.method()) {
                case GET:
                    return get(request, recorded);
                case DELETE:
                    return delete(request, recorded);
                case PATCH:
                    return patch(request, recorded);
                case POST:
                    return post(request, recorded);
                case PUT:
                    return put(request, recorded);
                default:
                    return store.dispatch(recorded);
            }
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return status(400, "BadRequest", e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "API server: " + request.method() + " " + request.path() + " failed", e);
            return status(500, "InternalError", e.toString());
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    // ---- GET: logs, field selectors

    private MockResponse get(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        Matcher log = POD_LOG.matcher(request.path());
        if (log.matches()) {
            return podLog(request, log.group(1), log.group(2));
        }
        String selector = request.queryParam("fieldSelector");
        if (selector != null && !request.flag("watch") && FieldSelector.parse(selector).needsEvaluation()) {
            return filteredList(request, FieldSelector.parse(selector));
        }
        return store.dispatch(recorded);
    }

    private MockResponse podLog(ApiRequest request, String namespace, String pod) {
        PodLog answer = logs.read(namespace, pod, request.queryParam("container"), request.flag("previous"));
        if (answer instanceof PodLog.Error error) {
            return status(error.code(), error.reason(), error.message());
        }
        String text = ((PodLog.Text) answer).text();
        String tail = request.queryParam("tailLines");
        if (tail != null) {
            text = tail(text, Integer.parseInt(tail));
        }
        String limit = request.queryParam("limitBytes");
        if (limit != null) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, Long.parseLong(limit));
            text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    }

    static String tail(String text, int lines) {
        if (lines < 0) {
            return text;
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int start = end;
        for (int seen = 0; start > 0; start--) {
            if (text.charAt(start - 1) == '\n' && ++seen == lines) {
                break;
            }
        }
        return lines == 0 ? "" : text.substring(start);
    }

    private MockResponse filteredList(ApiRequest request, FieldSelector selector) throws java.io.IOException {
        Map<String, String> query = new LinkedHashMap<>(request.query());
        query.remove("fieldSelector");
        MockResponse response = store.dispatch(ApiRequest.internal(HttpMethod.GET, ApiRequest.uri(request.path(), query), null, null));
        if (response.code() != 200) {
            return response;
        }
        JsonNode list = json.readTree(response.getBody().getBytes());
        if (!list.path("items").isArray()) {
            return response;
        }
        ArrayNode kept = json.createArrayNode();
        list.get("items").forEach(item -> {
            if (selector.matches(item)) {
                kept.add(item);
            }
        });
        ((ObjectNode) list).set("items", kept);
        return ok(200, list);
    }

    // ---- DELETE: propagation, graceful pod deletion

    private MockResponse delete(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        JsonNode options = request.hasBody() ? json.readTree(request.body()) : json.createObjectNode();
        DeletionLog.Propagation propagation = propagation(request, options);
        JsonNode target = read(request.path(), request.query());
        if (target != null) {
            if (target.path("items").isArray()) {
                target.get("items").forEach(item -> deletions.record(item.path("metadata").path("uid").asText(), propagation));
            } else {
                deletions.record(target.path("metadata").path("uid").asText(), propagation);
            }
        }
        Matcher pods = PODS.matcher(request.path());
        if (pods.matches() && target != null) {
            Long grace = gracePeriod(request, options);
            if (pods.group(2) != null) {
                return deletePod(request.path(), target, grace);
            }
            ArrayNode deleted = json.createArrayNode();
            for (JsonNode pod : target.path("items")) {
                String path = "/api/v1/namespaces/" + pod.path("metadata").path("namespace").asText() + "/pods/"
                        + pod.path("metadata").path("name").asText();
                MockResponse one = deletePod(path, pod, grace);
                if (one.code() / 100 == 2 && one.getBody().size() > 0) {
                    deleted.add(json.readTree(one.getBody().getBytes()));
                }
            }
            ObjectNode list = ((ObjectNode) target).deepCopy();
            list.set("items", deleted);
            return ok(200, list);
        }
        return store.dispatch(recorded);
    }

    private static DeletionLog.Propagation propagation(ApiRequest request, JsonNode options) {
        String policy = request.queryParam("propagationPolicy");
        if (policy == null && options.hasNonNull("propagationPolicy")) {
            policy = options.get("propagationPolicy").asText();
        }
        if (policy == null && (request.flag("orphanDependents") || options.path("orphanDependents").asBoolean(false))) {
            policy = "Orphan";
        }
        if (policy == null) {
            // batch/v1 Jobs (like the legacy controllers) default to orphaning their pods; everything else to background
            return JOB_PATH.matcher(request.path()).matches() ? DeletionLog.Propagation.ORPHAN : DeletionLog.Propagation.BACKGROUND;
        }
        switch (policy) {
            case "Orphan":
                return DeletionLog.Propagation.ORPHAN;
            case "Foreground":
                return DeletionLog.Propagation.FOREGROUND;
            case "Background":
                return DeletionLog.Propagation.BACKGROUND;
            default:
                throw new IllegalArgumentException("unknown propagationPolicy " + policy);
        }
    }

    private static Long gracePeriod(ApiRequest request, JsonNode options) {
        String q = request.queryParam("gracePeriodSeconds");
        if (q != null) {
            return Long.parseLong(q);
        }
        return options.hasNonNull("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
    }

    /**
     * A pod the kubelet runs is marked terminating and held by the kubelet's finalizer until its containers
     * have stopped; one that runs nothing (not bound, finished, or a zero grace period) is deleted at once.
     */
    private MockResponse deletePod(String path, JsonNode pod, Long requestedGrace) throws java.io.IOException {
        JsonNode metadata = pod.path("metadata");
        long grace = requestedGrace != null ? requestedGrace : pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        String phase = pod.path("status").path("phase").asText("");
        boolean runsNothing = pod.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed");
        ArrayNode finalizers = metadata.path("finalizers").isArray() ? ((ArrayNode) metadata.get("finalizers")).deepCopy() : json.createArrayNode();
        if (grace <= 0 || runsNothing) {
            if (!metadata.path("deletionTimestamp").isMissingNode() && removeFinalizer(finalizers)) {
                // already terminating: give up waiting for the kubelet
                return mergePatch(path, json.createObjectNode().set("metadata", json.createObjectNode().set("finalizers", finalizers)));
            }
            return store.dispatch(ApiRequest.internal(HttpMethod.DELETE, path, null, null));
        }
        if (!metadata.path("deletionTimestamp").isMissingNode()) {
            return ok(200, pod);
        }
        if (!contains(finalizers, KUBELET_FINALIZER)) {
            finalizers.add(KUBELET_FINALIZER);
        }
        ObjectNode patch = json.createObjectNode();
        patch.putObject("metadata")
                .put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("deletionGracePeriodSeconds", grace)
                .set("finalizers", finalizers);
        MockResponse marked = mergePatch(path, patch);
        return marked.code() / 100 == 2 ? new MockResponse().setResponseCode(200).setBody(marked.getBody()) : marked;
    }

    private static boolean removeFinalizer(ArrayNode finalizers) {
        for (int i = 0; i < finalizers.size(); i++) {
            if (finalizers.get(i).asText().equals(KUBELET_FINALIZER)) {
                finalizers.remove(i);
                return true;
            }
        }
        return false;
    }

    private static boolean contains(ArrayNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    // ---- PATCH: strategic merge and apply

    /**
     * Merge patches (RFC 7386), strategic merge patches and server-side apply (as a strategic merge) are applied
     * here and written with a PUT; JSON patches (RFC 6902) go to the store, which applies them correctly.
     */
    private MockResponse patch(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        String type = request.contentType() == null ? "" : request.contentType().split(";")[0].strip();
        boolean apply = type.equals("application/apply-patch+yaml");
        boolean strategic = type.equals("application/strategic-merge-patch+json");
        if (!apply && !strategic && !type.equals(MERGE_PATCH)) {
            return store.dispatch(recorded);
        }
        JsonNode patch = (apply ? yaml : json).readTree(request.body());
        JsonNode current = read(request.path(), Map.of());
        if (current == null) {
            Matcher object = OBJECT.matcher(request.path());
            if (!apply || !object.matches() || object.group(3) != null) {
                return status(404, "NotFound", notFound(request.path()));
            }
            String collection = request.path().substring(0, request.path().lastIndexOf('/'));
            return store.dispatch(ApiRequest.internal(HttpMethod.POST, collection, JSON, json.writeValueAsString(patch)));
        }
        if (!patch.isObject()) {
            return status(400, "BadRequest", "the patch must be a JSON object");
        }
        JsonNode merged = apply || strategic ? StrategicMergePatch.apply(current, patch) : JsonMergePatch.apply(current, patch);
        return put(request.path(), merged, patch.path("metadata").hasNonNull("resourceVersion"));
    }

    /** Writes {@code object} over what is stored at {@code path}, unconditionally unless {@code keepResourceVersion}. */
    private MockResponse put(String path, JsonNode object, boolean keepResourceVersion) throws java.io.IOException {
        if (!keepResourceVersion && object.path("metadata").isObject()) {
            ((ObjectNode) object.get("metadata")).remove("resourceVersion");
        }
        return store.dispatch(ApiRequest.internal(HttpMethod.PUT, path, JSON, json.writeValueAsString(object)));
    }

    // ---- POST / PUT: Secrets' stringData, Jobs' defaults

    private MockResponse post(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        if (SECRETS.matcher(request.path()).matches()) {
            return store.dispatch(ApiRequest.internal(HttpMethod.POST, request.uri(), JSON, secretWithData(request.body())));
        }
        if (JOBS.matcher(request.path()).matches()) {
            return createJob(request, recorded);
        }
        return store.dispatch(recorded);
    }

    private MockResponse put(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        if (SECRETS.matcher(request.path()).matches()) {
            return store.dispatch(ApiRequest.internal(HttpMethod.PUT, request.uri(), JSON, secretWithData(request.body())));
        }
        return store.dispatch(recorded);
    }

    private String secretWithData(byte[] body) throws java.io.IOException {
        ObjectNode secret = (ObjectNode) json.readTree(body);
        JsonNode stringData = secret.remove("stringData");
        if (stringData != null && stringData.isObject()) {
            ObjectNode data = secret.path("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
            stringData.fields().forEachRemaining(e -> data.put(e.getKey(),
                    Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
        }
        if (!secret.hasNonNull("type")) {
            secret.put("type", "Opaque");
        }
        return json.writeValueAsString(secret);
    }

    /** As the API server does for a Job without {@code manualSelector}: its selector and pod labels name its uid. */
    private MockResponse createJob(ApiRequest request, RecordedRequest recorded) throws java.io.IOException {
        MockResponse created = store.dispatch(recorded);
        if (created.code() != 201) {
            return created;
        }
        JsonNode job = json.readTree(created.getBody().getBytes());
        if (job.path("spec").path("manualSelector").asBoolean(false)) {
            return created;
        }
        String uid = job.path("metadata").path("uid").asText();
        String name = job.path("metadata").path("name").asText();
        ObjectNode patch = json.createObjectNode();
        ObjectNode spec = patch.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        spec.putObject("template").putObject("metadata").putObject("labels")
                .put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name)
                .put("controller-uid", uid).put("job-name", name);
        String path = request.path() + "/" + name;
        MockResponse patched = mergePatch(path, patch);
        return patched.code() / 100 == 2 ? new MockResponse().setResponseCode(201).setBody(patched.getBody()) : patched;
    }

    // ---- helpers

    /** The object or list at {@code path} in the store, or null. */
    private JsonNode read(String path, Map<String, String> query) throws java.io.IOException {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.keySet().retainAll(java.util.Set.of("labelSelector", "fieldSelector"));
        MockResponse response = store.dispatch(ApiRequest.internal(HttpMethod.GET, ApiRequest.uri(path, q), null, null));
        if (response.code() != 200 || response.getBody() == null || response.getBody().size() == 0) {
            return null;
        }
        return json.readTree(response.getBody().getBytes());
    }

    private MockResponse mergePatch(String path, JsonNode patch) throws java.io.IOException {
        JsonNode current = read(path, Map.of());
        if (current == null) {
            return status(404, "NotFound", notFound(path));
        }
        return put(path, JsonMergePatch.apply(current, patch), false);
    }

    private MockResponse ok(int code, JsonNode body) throws java.io.IOException {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(json.writeValueAsString(body));
    }

    private static String notFound(String path) {
        Matcher object = OBJECT.matcher(path);
        return object.matches() ? object.group(1) + " \"" + object.group(2) + "\" not found" : "the server could not find the requested resource";
    }

    static MockResponse status(int code, String reason, String message) {
        ObjectNode status = new ObjectMapper().createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(status.toString());
    }
}
