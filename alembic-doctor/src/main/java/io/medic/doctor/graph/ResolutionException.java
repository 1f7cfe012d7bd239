package io.medic.doctor.graph;

/**
 * A revision argument Alembic cannot resolve against this graph: an unknown id, or {@code head} when there is
 * more than one versioned head. The message is Alembic's own (its ResolutionError and MultipleHeads).
 */
public final class ResolutionException extends Exception {
    public ResolutionException(String message) {
        super(message);
    }
}
