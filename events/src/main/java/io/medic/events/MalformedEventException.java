package io.medic.events;

/** A record on the wire that cannot be read as the event it claims to be; the message is the reason. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public MalformedEventException(String reason) {
        super(reason);
    }
}
