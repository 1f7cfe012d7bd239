package io.medic.sandbox.apiserver;

/** The answer to a {@code pods/log} request: the text, or an HTTP error with the API server's message. */
public sealed interface PodLog {

    record Text(String text) implements PodLog {
    }

    record Error(int code, String reason, String message) implements PodLog {

        public static Error notFound(String message) {
            return new Error(404, "NotFound", message);
        }

        public static Error badRequest(String message) {
            return new Error(400, "BadRequest", message);
        }
    }
}
