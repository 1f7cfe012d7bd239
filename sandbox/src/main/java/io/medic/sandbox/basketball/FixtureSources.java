package io.medic.sandbox.basketball;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fixture's input files, as {@code examples/basketball-api} holds them: {@code app/} (the service),
 * {@code linear/} and {@code branched/} (the Alembic project in each form) and
 * {@code fixture-commits.properties}. Read from the sandbox's classpath (Maven copies them at build time)
 * or from the directory itself (the nonce tool).
 */
final class FixtureSources {

    static final String CLASSPATH_ROOT = "io/medic/sandbox/basketball/fixture";
    /** A symbolic link stored in a jar keeps its target as its content ({@code linear/} links most files to {@code branched/}). */
    private static final Pattern LINK = Pattern.compile("(\\.\\./)+[\\w./-]+");

    private final Map<String, byte[]> files;
    private final String origin;

    private FixtureSources(Map<String, byte[]> files, String origin) {
        this.files = files;
        this.origin = origin;
    }

    static FixtureSources fromClasspath() {
        URL url = FixtureSources.class.getClassLoader().getResource(CLASSPATH_ROOT + "/app/app.py");
        if (url == null) {
            throw new IllegalStateException(CLASSPATH_ROOT + " is not on the classpath: the sandbox module copies it from examples/basketball-api");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return read(fs.getPath("/" + CLASSPATH_ROOT), url.toString());
            }
            return read(Path.of(uri).getParent().getParent(), url.toString());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the basketball-api fixture from " + url, e);
        }
    }

    static FixtureSources fromDirectory(Path examples) {
        try {
            return read(examples, examples.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the basketball-api fixture from " + examples, e);
        }
    }

    private static FixtureSources read(Path root, String origin) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !Files.isDirectory(p)).toList()) {
                String relative = root.relativize(p).toString().replace('\\', '/');
                if (relative.equals("README.md") || relative.contains("__pycache__")) {
                    continue;
                }
                files.put(relative, contentOf(root, p));
            }
        }
        return new FixtureSources(files, origin);
    }

    private static byte[] contentOf(Path root, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int hops = 0; hops < 4 && bytes.length < 256; hops++) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!LINK.matcher(text).matches()) {
                break;
            }
            Path target = file.getParent().resolve(text).normalize();
            if (!target.startsWith(root) || !Files.isRegularFile(target)) {
                break;
            }
            file = target;
            bytes = Files.readAllBytes(target);
        }
        return bytes;
    }

    /** The files under {@code directory} ({@code "linear/versions"}), by name relative to it. */
    Map<String, byte[]> directory(String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        Map<String, byte[]> found = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                found.put(path.substring(prefix.length()), bytes);
            }
        });
        if (found.isEmpty()) {
            throw new IllegalStateException("the basketball-api fixture has no " + directory + " (read from " + origin + ")");
        }
        return found;
    }

    byte[] file(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new IllegalStateException("the basketball-api fixture has no " + path + " (read from " + origin + ")");
        }
        return bytes;
    }

    String origin() {
        return origin;
    }
}
