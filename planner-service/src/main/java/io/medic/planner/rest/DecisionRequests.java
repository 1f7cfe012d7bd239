package io.medic.planner.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.events.EventCodec;

import java.io.IOException;

/** The bodies of approve and reject, read strictly: anything else is the API's 422 with the reason. */
final class DecisionRequests {

    static final int MAX_TEXT = 4_000;

    /** {@code {"digest": "...", "comment": "..."}} */
    record Approve(String digest, String comment) {
    }

    /** {@code {"reason": "..."}} */
    record Reject(String reason) {
    }

    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private DecisionRequests() {
    }

    static Approve approve(String body) throws Invalid {
        JsonNode json = object(body);
        String digest = text(json, "digest", true);
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new Invalid("'digest' must be the plan's SHA-256 digest: 64 lower-case hex characters");
        }
        return new Approve(digest, text(json, "comment", false));
    }

    static Reject reject(String body) throws Invalid {
        return new Reject(text(object(body), "reason", true));
    }

    private static JsonNode object(String body) throws Invalid {
        if (body == null || body.isBlank()) {
            throw new Invalid("the request has no body: a JSON object is expected");
        }
        JsonNode json;
        try {
            json = EventCodec.mapper().readTree(body);
        } catch (IOException e) {
            throw new Invalid("the body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new Invalid("the body must be a JSON object");
        }
        return json;
    }

    private static String text(JsonNode json, String field, boolean required) throws Invalid {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid("missing required field '" + field + "'");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new Invalid("'" + field + "' must be a string");
        }
        String text = value.asText().strip();
        if (required && text.isEmpty()) {
            throw new Invalid("'" + field + "' must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new Invalid("'" + field + "' is longer than " + MAX_TEXT + " characters");
        }
        return text;
    }
}
