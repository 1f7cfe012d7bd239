package io.medic.sandbox.kubelet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the sandbox runs for an image reference: a directory (the container's working directory, its
 * "filesystem"), the image's ENTRYPOINT and CMD, and its ENV. As in Kubernetes, a container's
 * {@code command} replaces the entrypoint and its {@code args} replace the CMD.
 */
public record Image(String reference, Path directory, List<String> entrypoint, List<String> cmd, Map<String, String> env) {

    /** The PATH of an image that sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public Image {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(directory, "directory");
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        Map<String, String> withPath = new LinkedHashMap<>();
        withPath.put("PATH", DEFAULT_PATH);
        withPath.putAll(env);
        env = Map.copyOf(withPath);
    }

    /** An image with a CMD only (like most language images). */
    public static Image of(String reference, Path directory, List<String> cmd, Map<String, String> env) {
        return new Image(reference, directory, List.of(), cmd, env);
    }

    /** The image id the kubelet reports ({@code imageID}): stable for a reference and directory. */
    public String imageId() {
        return "sha256:" + Hashing.sha256Hex(reference + "\0" + directory.toAbsolutePath());
    }
}
