package io.medic.executor.client;

/**
 * A record could not be written to {@code medic.executions}. Nothing may be done without its record (the
 * topic is the write-ahead ledger): the execution stops where it is and is resumed later from the ledger.
 */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
