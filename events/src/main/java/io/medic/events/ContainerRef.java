package io.medic.events;

/**
 * The container that failed, named precisely enough for the planner and the executor to run a
 * migration from it: its pod (or Job) and its image. Env, volumes and command are read from the
 * live object when needed, never copied onto the wire (they may hold secrets).
 */
public record ContainerRef(String name, ContainerKind kind, String image, String tag, String podName, String jobName) {
    public ContainerRef {
        Require.text(name, "container.name");
        Require.present(kind, "container.kind");
        Require.text(image, "container.image");
    }

    /** The tag of an image reference ({@code repo/app:15f3047} gives {@code 15f3047}), or null without one. */
    public static String tagOf(String image) {
        if (image == null) {
            return null;
        }
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : null;
    }
}
