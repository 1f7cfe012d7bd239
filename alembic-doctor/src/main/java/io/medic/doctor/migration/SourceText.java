package io.medic.doctor.migration;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a Python source file and decodes its bytes as Python does (PEP 263): UTF-8, a UTF-8 BOM, or the
 * encoding a {@code coding:} comment on line 1 or 2 declares. Bytes that do not decode are an error with
 * their line, never silently replaced.
 */
final class SourceText {

    /** A revision file is a few kilobytes; anything this big is something else. */
    static final int MAX_FILE_BYTES = 64 << 20;
    private static final int RETAINED_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();

    private SourceText() {
    }

    /**
     * The file's text, decoded as Python would; null if it is a directory. A FIFO, socket or device named
     * {@code *.py} is refused before it is opened (opening a FIFO blocks until someone writes to it; Alembic
     * itself would hang or fail on it), and so is a file above {@link #MAX_FILE_BYTES}.
     */
    static String read(Path file) throws MigrationParseException {
        long size = regularFileSize(file);
        if (size < 0) {
            return null;
        }
        if (size > MAX_FILE_BYTES) {
            throw new MigrationParseException(file, 0, Concat.of("the file is larger than ", MAX_FILE_BYTES >> 20,
                    " MiB (", size, " bytes): not a revision file"));
        }
        byte[] bytes = READ_BUFFER.get();
        if (bytes == null) {
            bytes = new byte[16 << 10];
        }
        int length = 0;
        // A per-thread buffer and a plain stream (open, read, read, close): on a cold JVM every freshly
        // allocated page of heap and every system call shows, and a directory has thousands of files.
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int n;
            while ((n = in.read(bytes, length, bytes.length - length)) > 0) {
                length += n;
                if (length == bytes.length) {
                    if (length >= MAX_FILE_BYTES) {
                        throw new MigrationParseException(file, 0, Concat.of("the file is larger than ",
                                MAX_FILE_BYTES >> 20, " MiB: not a revision file"));
                    }
                    bytes = Arrays.copyOf(bytes, Math.min(MAX_FILE_BYTES, length * 2));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new MigrationParseException(file, 0, Concat.of("cannot read the file: ", plain(e)));
        }
        if (bytes.length <= RETAINED_BUFFER_BYTES) {
            READ_BUFFER.set(bytes);
        }
        return decode(file, bytes, length);
    }

    /**
     * The size of the regular file {@code file} (links followed), -1 for a directory; anything else is
     * refused with a reason for a person: what the name really is.
     */
    private static long regularFileSize(Path file) throws MigrationParseException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MigrationParseException(file, 0, Files.isSymbolicLink(file)
                    ? Concat.of("a symbolic link to ", linkTarget(file), ", which does not exist")
                    : "the file disappeared while the directory was read");
        } catch (java.nio.file.FileSystemException e) {
            if (Files.isSymbolicLink(file) && e.getReason() != null && e.getReason().contains("symbolic links")) {
                throw new MigrationParseException(file, 0, Concat.of("a symbolic link that never reaches a file",
                        " (a loop of links, via ", linkTarget(file), ")"));
            }
            throw new MigrationParseException(file, 0, Concat.of("cannot read the file: ", plain(e)));
        } catch (IOException | RuntimeException e) {
            throw new MigrationParseException(file, 0, Concat.of("cannot read the file: ", plain(e)));
        }
        if (attributes.isDirectory()) {
            return -1;
        }
        if (!attributes.isRegularFile()) {
            throw new MigrationParseException(file, 0, Concat.of("a ", kind(file),
                    ", not a regular file: Alembic would block or fail reading it"));
        }
        return attributes.size();
    }

    /** What a name that is neither file nor directory is, from its mode bits. */
    private static String kind(Path file) {
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
            return switch (type) {
                case 0010000 -> "named pipe (FIFO)";
                case 0140000 -> "socket";
                case 0020000 -> "character device";
                case 0060000 -> "block device";
                default -> "special file";
            };
        } catch (IOException | RuntimeException e) {
            return "special file";
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** An I/O error as a person reads it: the operating system's words, never a Java class name. */
    private static String plain(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        // FileInputStream: "<path> (Permission denied)": keep the operating system's words
        int open = message.lastIndexOf(" (");
        if (open >= 0 && message.endsWith(")")) {
            return message.substring(open + 2, message.length() - 1).toLowerCase(java.util.Locale.ROOT);
        }
        return message.isEmpty() ? "an I/O error" : message;
    }

    static String decode(Path file, byte[] bytes) throws MigrationParseException {
        return decode(file, bytes, bytes.length);
    }

    /** Decodes {@code bytes[0, length)}. */
    static String decode(Path file, byte[] bytes, int length) throws MigrationParseException {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        String declared = declaredEncoding(bytes, length);
        if (ascii && declared == null) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        Charset charset = StandardCharsets.UTF_8;
        int offset = 0;
        if (length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            offset = 3;
        } else if (declared != null) {
            charset = charset(declared);
            if (charset == null) {
                throw new MigrationParseException(file, 1, Concat.of("unknown source encoding '", declared, "'"));
            }
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length - offset);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            int bad = in.position();
            throw new MigrationParseException(file, lineOf(bytes, bad),
                    Concat.of("the file is not valid ", charset.name(), " (byte ", bad, "); Python would refuse it"));
        }
    }

    /** Java's charset for a Python codec name ({@code latin-1}, {@code latin_1}, {@code cp1252}...), or null. */
    private static Charset charset(String pythonName) {
        String name = pythonName.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (name.equals("latin-1") || name.equals("latin1") || name.equals("l1") || name.equals("iso-8859-1")
                || name.equals("iso8859-1")) {
            return StandardCharsets.ISO_8859_1;
        }
        if (name.equals("utf-8-sig")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    /** The encoding named by a PEP 263 comment on the first two lines, or null. */
    private static String declaredEncoding(byte[] bytes, int length) {
        int lineStart = 0;
        for (int lineNo = 0; lineNo < 2 && lineStart < length; lineNo++) {
            int end = lineStart;
            while (end < length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            String name = codingIn(bytes, lineStart, end);
            if (name != null) {
                return name.equalsIgnoreCase("utf-8") || name.equalsIgnoreCase("utf8") ? null : name;
            }
            if (!isBlankOrComment(bytes, lineStart, end)) {
                return null;
            }
            lineStart = end + 1;
            if (end < length && bytes[end] == '\r' && lineStart < length && bytes[lineStart] == '\n') {
                lineStart++;
            }
        }
        return null;
    }

    private static boolean isBlankOrComment(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f')) {
            i++;
        }
        return i == to || b[i] == '#';
    }

    /** {@code ^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)} without a regular expression. */
    private static String codingIn(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f')) {
            i++;
        }
        if (i >= to || b[i] != '#') {
            return null;
        }
        for (int k = i + 1; k + 7 <= to; k++) {
            if (b[k] == 'c' && b[k + 1] == 'o' && b[k + 2] == 'd' && b[k + 3] == 'i' && b[k + 4] == 'n'
                    && b[k + 5] == 'g' && (b[k + 6] == ':' || b[k + 6] == '=')) {
                int s = k + 7;
                while (s < to && (b[s] == ' ' || b[s] == '\t')) {
                    s++;
                }
                int e = s;
                while (e < to && (Character.isLetterOrDigit(b[e]) || b[e] == '-' || b[e] == '_' || b[e] == '.')) {
                    e++;
                }
                return e > s ? new String(b, s, e - s, StandardCharsets.US_ASCII) : null;
            }
        }
        return null;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
