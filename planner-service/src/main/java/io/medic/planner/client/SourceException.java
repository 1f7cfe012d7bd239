package io.medic.planner.client;

/**
 * A migration source could not be read: the kind (a bounded metric label) and a reason for a person that
 * names the source and never holds a token or a password.
 */
public final class SourceException extends Exception {

    public enum Kind {
        /** The annotation does not name a source Medic can read. */
        BAD_REFERENCE("bad-reference"),
        /** The image names no commit (its tag is not one, or the template does not match it). */
        NO_COMMIT("no-commit"),
        /** The repository does not have the commit. */
        UNKNOWN_COMMIT("unknown-commit"),
        /** No such repository, directory or path at that commit. */
        NOT_FOUND("not-found"),
        /** The network or the server refused or timed out. */
        UNREACHABLE("unreachable"),
        /** The forge refused the token (or there is none). */
        UNAUTHORIZED("unauthorized"),
        /** A directory source has no history to search. */
        NO_HISTORY("no-history"),
        /** The planner is not configured for this kind of source (no forge URL). */
        NOT_CONFIGURED("not-configured"),
        /** Anything else. */
        FAILED("failed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;

    public SourceException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
