package io.medic.signatures;

/**
 * A signature file that cannot be used, with a reason naming the file, the entry and what is wrong. The
 * reason is one printable line whatever the file holds (line breaks and control characters are shown as
 * escapes), so it can be printed to a terminal or a log as it is.
 */
public class SignatureFileException extends Exception {
    public SignatureFileException(String message) {
        super(printable(message));
    }

    public SignatureFileException(String message, Throwable cause) {
        super(printable(message), cause);
    }

    /** {@code s} with line breaks, tabs and control or format characters shown as escapes. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
