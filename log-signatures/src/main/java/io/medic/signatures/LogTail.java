package io.medic.signatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The end of a log, bounded in lines and bytes however large the log is: a stream is read through a ring
 * buffer of {@code maxBytes}, a file is read from its last {@code maxBytes}. A line cut by the byte limit is
 * dropped (unless it is the only one), and invalid UTF-8 becomes U+FFFD.
 *
 * @param text      the kept text
 * @param truncated whether anything before it was left out
 * @param totalBytes how many bytes the whole log had
 */
public record LogTail(String text, boolean truncated, long totalBytes) {

    public static LogTail read(InputStream in, int maxLines, int maxBytes) throws IOException {
        Collector tail = collector(maxLines, maxBytes);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            tail.accept(ByteBuffer.wrap(buffer, 0, n));
        }
        return tail.finish();
    }

    /** For logs that arrive in chunks (an HTTP body read asynchronously): feed them in order, then finish. */
    public static Collector collector(int maxLines, int maxBytes) {
        return new Collector(maxLines, maxBytes);
    }

    /** Keeps the last {@code maxBytes} of what it is fed, in a ring buffer. Not thread-safe: one feeder at a time. */
    public static final class Collector {
        private final int maxLines;
        private final byte[] ring;
        private long total;

        private Collector(int maxLines, int maxBytes) {
            this.maxLines = maxLines;
            this.ring = new byte[Math.max(1, maxBytes)];
        }

        public void accept(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                int at = (int) (total % ring.length);
                int n = Math.min(chunk.remaining(), ring.length - at);
                chunk.get(ring, at, n);
                total += n;
            }
        }

        public LogTail finish() {
            byte[] kept;
            if (total <= ring.length) {
                kept = java.util.Arrays.copyOf(ring, (int) total);
            } else {
                int start = (int) (total % ring.length);
                kept = new byte[ring.length];
                System.arraycopy(ring, start, kept, 0, ring.length - start);
                System.arraycopy(ring, 0, kept, ring.length - start, start);
            }
            return of(kept, total > ring.length, total, maxLines);
        }
    }

    public static LogTail read(Path file, int maxLines, int maxBytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - maxBytes);
            byte[] kept = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(kept);
            return of(kept, from > 0, length, maxLines);
        }
    }

    private static LogTail of(byte[] bytes, boolean cut, long total, int maxLines) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean truncated = cut;
        if (cut) {
            int firstNewline = text.indexOf('\n');
            if (firstNewline >= 0 && firstNewline < text.length() - 1) {
                text = text.substring(firstNewline + 1);
            }
        }
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int lines = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (text.charAt(i) == '\n' && ++lines == maxLines) {
                text = text.substring(i + 1);
                truncated = true;
                break;
            }
        }
        return new LogTail(text, truncated, total);
    }
}
