package io.medic.sandbox.kubelet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The images the kubelet can "pull": registered ones by reference, then resolvers (for example every
 * commit of a git repository as {@code name:<7-hex commit>}). A reference may carry a registry host
 * ({@code registry.local/basketball-api:15f3047}) or omit the tag ({@code :latest}); both forms find the
 * same image.
 */
public final class ImageRegistry {

    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final List<Function<String, Optional<Image>>> resolvers = new CopyOnWriteArrayList<>();

    public ImageRegistry register(Image image) {
        images.put(normalize(image.reference()), image);
        return this;
    }

    /** A resolver is asked, with the normalized reference, for images nobody registered. */
    public ImageRegistry addResolver(Function<String, Optional<Image>> resolver) {
        resolvers.add(resolver);
        return this;
    }

    public Optional<Image> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String key = normalize(reference);
        Image image = images.get(key);
        if (image != null) {
            return Optional.of(image);
        }
        for (Function<String, Optional<Image>> resolver : resolvers) {
            Optional<Image> found = resolver.apply(key);
            if (found.isPresent()) {
                images.putIfAbsent(key, found.get());
                return found;
            }
        }
        return Optional.empty();
    }

    /** The registered references (not what resolvers could produce). */
    public List<String> references() {
        return images.values().stream().map(Image::reference).sorted().toList();
    }

    /** {@code [host/][library/]name[:tag]} -> {@code name:tag}, {@code :latest} when untagged; digests kept. */
    public static String normalize(String reference) {
        String ref = reference.strip();
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                ref = ref.substring(slash + 1);
            }
        }
        if (ref.startsWith("library/")) {
            ref = ref.substring("library/".length());
        }
        int lastSlash = ref.lastIndexOf('/');
        if (!ref.contains("@") && ref.indexOf(':', lastSlash + 1) < 0) {
            ref = ref + ":latest";
        }
        return ref;
    }
}
