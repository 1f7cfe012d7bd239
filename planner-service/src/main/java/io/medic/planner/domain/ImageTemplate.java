package io.medic.planner.domain;

import io.medic.events.ContainerRef;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an image reference and a commit relate, from annotation {@code medic.io/image-template} (e.g.
 * {@code registry/basketball-api:{commit7}}; placeholders {@code {commit7}} and {@code {commit}}), or by
 * default: the same repository, tagged with the commit's first 7 characters. Read forwards it names the image
 * of a commit; read in reverse it names the commit a running image was built from.
 */
public final class ImageTemplate {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,40}");
    private final String template;

    private ImageTemplate(String template) {
        this.template = template;
    }

    /** The workload's template, or the default rule when the annotation is absent or blank. */
    public static ImageTemplate of(String annotation) {
        return new ImageTemplate(annotation == null || annotation.isBlank() ? null : annotation.strip());
    }

    public boolean isDefault() {
        return template == null;
    }

    /** The commit (7 to 40 hex characters) that {@code image} was built from, when the rule says. */
    public Optional<String> commitOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        if (template == null) {
            String tag = ContainerRef.tagOf(image);
            return tag != null && HEX.matcher(tag).matches() ? Optional.of(tag) : Optional.empty();
        }
        Matcher m = reversePattern().matcher(image);
        return m.matches() ? Optional.of(m.group("commit")) : Optional.empty();
    }

    /** The image of {@code commit}; {@code crashedImage} gives the repository under the default rule. */
    public String imageFor(String commit, String crashedImage) {
        String commit7 = commit.substring(0, Math.min(7, commit.length()));
        if (template == null) {
            return repositoryOf(crashedImage) + ":" + commit7;
        }
        return template.replace("{commit7}", commit7).replace("{commit}", commit);
    }

    /** Says how the rule reads, for the reasoning of a plan. */
    public String describe() {
        return template == null ? "tag = 7-character commit (default)" : PlannerAnnotations.IMAGE_TEMPLATE + "=" + template;
    }

    private Pattern reversePattern() {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        boolean seen = false;
        while (i < template.length()) {
            if (template.startsWith("{commit7}", i)) {
                regex.append(seen ? "\\k<commit>" : "(?<commit>[0-9a-f]{7})");
                seen = true;
                i += "{commit7}".length();
            } else if (template.startsWith("{commit}", i)) {
                regex.append(seen ? "[0-9a-f]{7,40}" : "(?<commit>[0-9a-f]{7,40})");
                seen = true;
                i += "{commit}".length();
            } else {
                int next = nextPlaceholder(i);
                regex.append(Pattern.quote(template.substring(i, next)));
                i = next;
            }
        }
        return Pattern.compile(seen ? regex.toString() : "(?<commit>)" + regex + "(?!)");
    }

    private int nextPlaceholder(int from) {
        int a = template.indexOf("{commit7}", from);
        int b = template.indexOf("{commit}", from);
        int next = a < 0 ? b : b < 0 ? a : Math.min(a, b);
        return next < 0 ? template.length() : next;
    }

    /** {@code registry.local:5000/team/app:tag@sha256:...} gives {@code registry.local:5000/team/app}. */
    static String repositoryOf(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }
}
