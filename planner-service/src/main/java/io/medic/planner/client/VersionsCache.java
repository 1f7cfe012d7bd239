package io.medic.planner.client;

import io.medic.events.Digests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Revision directories written once per content id under the planner's cache directory, so the engine reads
 * plain files and a warm planner reads a commit it has seen without touching git or the forge again. A
 * directory is written next to its place and moved there in one step: a reader never sees half of one.
 */
public final class VersionsCache {

    private final Path root;

    public VersionsCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The directory of {@code contentId}, if it was written before. */
    public Path existing(String contentId) {
        Path dir = dirOf(contentId);
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Writes {@code files} (name -> bytes) as the directory of {@code contentId}, unless it exists. */
    public Path write(String contentId, Map<String, byte[]> files) {
        Path dir = dirOf(contentId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir.getParent());
            Path staging = Files.createTempDirectory(dir.getParent(), ".staging-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(staging.resolve(file.getKey()), file.getValue());
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                delete(staging);
                // another thread wrote the same content first: Linux reports rename(2)'s ENOTEMPTY as a plain
                // FileSystemException, not DirectoryNotEmptyException, so the directory itself is the answer
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write revision files under " + root, e);
        }
    }

    private Path dirOf(String contentId) {
        return root.resolve("versions").resolve(Digests.shortSha256Hex(contentId, 32));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
