package io.medic.doctor.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every revision file of an Alembic versions directory, as Alembic discovers them: the {@code *.py}
 * files directly in it, except {@code __init__*} and names starting with {@code .} (editor lock files such
 * as {@code .#x.py} included), in name order. A file that cannot be read is reported with its reason and
 * never hides the others. Large directories are read by several threads. The directory only lists: each
 * file's bytes are decoded by {@link SourceText} and parsed by {@link MigrationReader}.
 */
public final class MigrationDirectory {

    /** Files below this count are read on the calling thread: a thread costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 64;
    private static final int MAX_THREADS = 4;

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
        MigrationFile[] read = new MigrationFile[files.size()];
        MigrationParseException[] errors = new MigrationParseException[files.size()];
        int threads = Math.min(MAX_THREADS, Math.min(Runtime.getRuntime().availableProcessors(),
                files.size() / PARALLEL_THRESHOLD + 1));
        Worker worker = new Worker(files, read, errors);
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
        return new Contents(present(read), present(errors));
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

    /** The slots that were filled, in file order. */
    private static <T> List<T> present(T[] slots) {
        List<T> out = new ArrayList<>(slots.length);
        for (T t : slots) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
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

    /**
     * Takes the next unread file until none is left; each result lands at its file's index, in {@code read} or
     * in {@code errors} (neither for a directory named *.py).
     */
    private static final class Worker implements Runnable {
        private final List<Path> files;
        private final MigrationFile[] read;
        private final MigrationParseException[] errors;
        private final AtomicInteger next = new AtomicInteger();

        Worker(List<Path> files, MigrationFile[] read, MigrationParseException[] errors) {
            this.files = files;
            this.read = read;
            this.errors = errors;
        }

        @Override
        public void run() {
            int i;
            while ((i = next.getAndIncrement()) < files.size()) {
                Path file = files.get(i);
                MigrationFile result = null;
                MigrationParseException error = null;
                try {
                    String text = SourceText.read(file);
                    result = text == null ? null : MigrationReader.read(file, text); // null: a directory named *.py
                } catch (MigrationParseException e) {
                    error = e;
                } catch (RuntimeException | StackOverflowError e) {
                    // The reader's contract excludes these; if one slips through, it is this file's
                    // error, not the end of the whole directory.
                    error = new MigrationParseException(file, 0, Concat.of("internal error in the migration reader: ", e));
                }
                synchronized (this) {
                    read[i] = result;
                    errors[i] = error;
                }
            }
        }
    }
}
