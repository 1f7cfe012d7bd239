package io.medic.executor.domain;

import io.medic.signatures.Redactor;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * What a step's output may carry onto the topic: the known secrets (the database URL and its password)
 * replaced outright, then the detector's redaction rules (passwords in URLs, tokens, keys), then capped to
 * its end (the end of a failed migration's log is where the error is).
 */
public final class CapturedOutput {

    private CapturedOutput() {
    }

    public static String of(String raw, int maxBytes, Collection<String> secrets) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = raw;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                text = text.replace(secret, Redactor.MASK);
            }
        }
        text = Redactor.redact(text);
        return tail(text, maxBytes);
    }

    /** The last {@code maxBytes} bytes (on a character boundary), marked when something was cut. */
    static String tail(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int start = bytes.length - maxBytes;
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return "[... " + start + " bytes cut ...]\n" + new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }
}
