package io.medic.signatures;

/** How much of a crash log is read and published, shared by the detector's defaults and bin/medic. */
public final class LogLimits {
    /** Lines read from the end of the previous container's log. */
    public static final int TAIL_LINES = 200;
    /** Bytes kept from the end of the log, however long its lines are. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Bytes of redacted excerpt published on a signal. */
    public static final int EXCERPT_MAX_BYTES = 8 * 1024;

    private LogLimits() {
    }
}
