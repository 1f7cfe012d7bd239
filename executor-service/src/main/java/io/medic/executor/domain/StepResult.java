package io.medic.executor.domain;

/** How a step's action ended. */
public sealed interface StepResult {

    String detail();

    String output();

    record Done(String detail, String output) implements StepResult {
    }

    record Failed(String detail, String output) implements StepResult {
    }

    /** The state changed under the plan (found while acting, e.g. under the version table's lock). */
    record Stale(String detail, String output) implements StepResult {
    }

    static StepResult done(String detail) {
        return new Done(detail, "");
    }

    static StepResult failed(String detail) {
        return new Failed(detail, "");
    }
}
