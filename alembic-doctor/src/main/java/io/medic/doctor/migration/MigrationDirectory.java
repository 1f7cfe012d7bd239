package io.medic.doctor.migration;

import java.io.IOException;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every revision file of an Alembic versions directory, as Alembic discovers them: the {@code *.py}
 * files directly in it, except {@code __init__*} and names starting with {@code .} (editor lock files such
 * as {@code .#x.py} included), in name order. A file that cannot be read is reported with its reason and
 * never hides the others. Large directories are read by several threads.
 */
public final class MigrationDirectory {

    /** Files below this count are read on the calling thread: a thread costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 64;
    private static final int MAX_THREADS = 4;
    /** A revision file is a few kilobytes; anything this big is something else. */
    static final int MAX_FILE_BYTES = 64 << 20;
    private static final int RETAINED_BUFFER_BYTES = 1 << 20;
    private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();

    /**
     * @param files  the revision files read, in file-name order
     * @param errors one per file that could not be read, in file-name order
     */
    public record Contents(List<MigrationFile> files, List<MigrationParseException> errors) {
        public Contents {
            files = List.copyOf(files);
            errors = List.copyOf(errors);
        }
    }

    private MigrationDirectory() {
    }

    /** @throws MigrationParseException when the directory itself is missing or cannot be listed */
    public static Contents read(Path versionsDir) throws MigrationParseException {
        List<Path> files = revisionFiles(versionsDir);
        Object[] results = new Object[files.size()];
        int threads = Math.min(MAX_THREADS, Math.min(Runtime.getRuntime().availableProcessors(),
                files.size() / PARALLEL_THRESHOLD + 1));
        Worker worker = new Worker(files, results);
        if (threads <= 1) {
            worker.run();
        } else {
            List<Thread> started = new ArrayList<>();
            for (int i = 1; i < threads; i++) {
                Thread t = new Thread(worker, "migration-reader-".concat(String.valueOf(i)));
                t.setDaemon(true);
                t.start();
                started.add(t);
            }
            worker.run();
            for (Thread t : started) {
                join(t);
            }
        }
        List<MigrationFile> read = new ArrayList<>(files.size());
        List<MigrationParseException> errors = new ArrayList<>();
        for (Object result : results) {
            if (result instanceof MigrationFile file) {
                read.add(file);
            } else if (result instanceof MigrationParseException e) {
                errors.add(e);
            }
        }
        return new Contents(read, errors);
    }

    /** Reads one revision file from disk (bytes decoded as Python would); null if it is a directory. */
    static MigrationFile readFile(Path file) throws MigrationParseException {
        byte[] bytes = READ_BUFFER.get();
        if (bytes == null) {
            bytes = new byte[16 << 10];
        }
        int length = 0;
        // A per-thread buffer and a plain stream (open, read, read, close: no stat): on a cold JVM every
        // freshly allocated page of heap and every system call shows, and a directory has thousands of files.
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int n;
            while ((n = in.read(bytes, length, bytes.length - length)) > 0) {
                length += n;
                if (length == bytes.length) {
                    if (length >= MAX_FILE_BYTES) {
                        throw new MigrationParseException(file, 0,
                                Concat.of("the file is larger than ", MAX_FILE_BYTES, " bytes: not a revision file"));
                    }
                    bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_FILE_BYTES, length * 2));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (Files.isDirectory(file)) {
                return null;
            }
            throw new MigrationParseException(file, 0, Concat.of("cannot read the file: ", e));
        }
        if (bytes.length <= RETAINED_BUFFER_BYTES) {
            READ_BUFFER.set(bytes);
        }
        return MigrationReader.read(file, SourceText.decode(file, bytes, length));
    }

    private static List<Path> revisionFiles(Path dir) throws MigrationParseException {
        if (!Files.isDirectory(dir)) {
            throw new MigrationParseException(dir, 0, Files.exists(dir) ? "not a directory"
                    : "the versions directory does not exist");
        }
        // File.list: names only, one call; no Path or attribute objects per entry before they are needed
        String[] names;
        try {
            names = dir.toFile().list();
        } catch (RuntimeException e) {
            throw new MigrationParseException(dir, 0, Concat.of("cannot list the versions directory: ", e));
        }
        if (names == null) {
            throw new MigrationParseException(dir, 0, "cannot list the versions directory");
        }
        java.util.Arrays.sort(names);
        List<Path> files = new ArrayList<>(names.length);
        for (String name : names) {
            // no stat per entry here: a directory named *.py is noticed (and skipped) when it is read
            if (name.endsWith(".py") && !name.startsWith(".") && !name.startsWith("__init__")) {
                files.add(dir.resolve(name));
            }
        }
        return files;
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the next unread file until none is left; each result lands at its file's index. */
    private static final class Worker implements Runnable {
        private final List<Path> files;
        private final Object[] results;
        private final AtomicInteger next = new AtomicInteger();

        Worker(List<Path> files, Object[] results) {
            this.files = files;
            this.results = results;
        }

        @Override
        public void run() {
            int i;
            while ((i = next.getAndIncrement()) < files.size()) {
                Path file = files.get(i);
                Object result;
                try {
                    result = readFile(file);
                } catch (MigrationParseException e) {
                    result = e;
                } catch (RuntimeException | StackOverflowError e) {
                    // The reader's contract excludes these; if one slips through, it is this file's
                    // error, not the end of the whole directory.
                    result = new MigrationParseException(file, 0, Concat.of("internal error in the migration reader: ", e));
                }
                synchronized (results) {
                    results[i] = result;
                }
            }
        }
    }
}
