package io.medic.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTests {

    @Test
    void aFiftyMegabyteLogIsReadInBoundedMemoryAndKeepsItsEnd() throws IOException {
        long size = 50L * 1024 * 1024;
        InputStream huge = new GeneratedLog(size, "psycopg2.errors.DuplicateColumn: column \"a\" of relation \"b\" already exists\n");

        LogTail tail = LogTail.read(huge, 200, 64 * 1024);

        assertThat(tail.totalBytes()).isEqualTo(size);
        assertThat(tail.truncated()).isTrue();
        assertThat(tail.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024);
        assertThat(tail.text()).endsWith("already exists\n").startsWith("line ");
    }

    @Test
    void keepsTheLastLinesOnly() throws IOException {
        String log = "one\ntwo\nthree\nfour\n";

        LogTail tail = LogTail.read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), 2, 1024);

        assertThat(tail.text()).isEqualTo("three\nfour\n");
        assertThat(tail.truncated()).isTrue();
    }

    @Test
    void aShortLogIsKeptWhole() throws IOException {
        LogTail tail = LogTail.read(new ByteArrayInputStream("a\nb".getBytes(StandardCharsets.UTF_8)), 200, 1024);

        assertThat(tail.text()).isEqualTo("a\nb");
        assertThat(tail.truncated()).isFalse();
    }

    @Test
    void aFileIsReadFromItsEndAndBrokenUtf8IsReplaced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.log");
        byte[] head = "é".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] end = "\nKeyError: '019'\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + end.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(end, 0, all, head.length, end.length);
        Files.write(file, all);

        LogTail tail = LogTail.read(file, 200, 101);

        assertThat(tail.text()).isEqualTo("KeyError: '019'\n");
        assertThat(tail.totalBytes()).isEqualTo(all.length);
    }

    /** A log of {@code size} bytes made on the fly: numbered lines, then {@code last}. */
    private static final class GeneratedLog extends InputStream {
        private final long size;
        private final byte[] last;
        private long position;
        private byte[] line = new byte[0];
        private int lineAt;
        private long lineNumber;

        GeneratedLog(long size, String last) {
            this.size = size;
            this.last = last.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            long fromEnd = size - position;
            position++;
            if (fromEnd <= last.length) {
                return last[(int) (last.length - fromEnd)];
            }
            if (lineAt == line.length) {
                line = ("line " + lineNumber++ + " " + "x".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8);
                lineAt = 0;
            }
            return line[lineAt++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = 0;
            while (n < len && position < size) {
                b[off + n++] = (byte) read();
            }
            return n;
        }
    }
}
