package io.medic.signatures;

/** A signature file that cannot be used, with a reason naming the file, the entry and what is wrong. */
public class SignatureFileException extends Exception {
    public SignatureFileException(String message) {
        super(message);
    }

    public SignatureFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
