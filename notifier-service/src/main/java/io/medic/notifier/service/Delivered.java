package io.medic.notifier.service;

/** How one comment's delivery ended. */
public record Delivered(Result result, String reason) {

    public enum Result {
        /** Posted now. */
        POSTED,
        /** Its marker was already on the issue (redelivery, restart, another replica): nothing posted. */
        ALREADY_THERE,
        /** Not posted: a permanent refusal, too many failed attempts, or a full queue. The reason says which. */
        GAVE_UP
    }

    static Delivered posted() {
        return new Delivered(Result.POSTED, null);
    }

    static Delivered alreadyThere() {
        return new Delivered(Result.ALREADY_THERE, null);
    }

    static Delivered gaveUp(String reason) {
        return new Delivered(Result.GAVE_UP, reason);
    }

    public boolean gaveUp() {
        return result == Result.GAVE_UP;
    }
}
