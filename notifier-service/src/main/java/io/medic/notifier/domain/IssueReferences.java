package io.medic.notifier.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code medic.io/issue}: {@code owner/repo#183} (the default forge), {@code forge-name:owner/repo#183}
 * (a named forge), or a full issue URL ({@code https://git.example.org/owner/repo/issues/183}, matched to the
 * forge whose web address it starts with).
 */
public final class IssueReferences {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    private static final Pattern SHORT = Pattern.compile("(?:(" + NAME + "):)?(" + NAME + ")/(" + NAME + ")#([0-9]{1,12})");
    private static final Pattern PATH = Pattern.compile("/(" + NAME + ")/(" + NAME + ")/issues/([0-9]{1,12})/?");

    private final List<ForgeSite> sites;
    private final String defaultForge;

    public IssueReferences(List<ForgeSite> sites, String defaultForge) {
        this.sites = List.copyOf(sites);
        this.defaultForge = defaultForge;
    }

    /** The issue, or why the reference cannot be used (a sentence without the reference's secrets). */
    public Result parse(String reference) {
        if (reference == null || reference.isBlank()) {
            return Result.invalid("no medic.io/issue annotation");
        }
        String text = reference.strip();
        Matcher shortForm = SHORT.matcher(text);
        if (shortForm.matches()) {
            String forge = shortForm.group(1) == null ? defaultForge : shortForm.group(1);
            if (sites.stream().noneMatch(s -> s.name().equals(forge))) {
                return Result.invalid(forge == null ? "no default forge is configured (medic.notifier.default-forge)"
                        : "no forge named '" + forge + "' is configured (medic.notifier.forges)");
            }
            return number(shortForm.group(4)) < 1 ? Result.invalid("issue numbers start at 1")
                    : Result.of(new IssueRef(forge, shortForm.group(2), shortForm.group(3), number(shortForm.group(4))));
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return Result.invalid("not an issue reference (owner/repo#number or an issue URL)");
        }
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            return Result.invalid("not an issue reference (owner/repo#number or an issue URL)");
        }
        Optional<ForgeSite> site = sites.stream().filter(s -> s.serves(url))
                .max(Comparator.comparingInt(ForgeSite::prefixLength));
        if (site.isEmpty()) {
            return Result.invalid("the issue URL's host " + url.getHost() + " is not a configured forge");
        }
        Matcher path = PATH.matcher(site.get().pathAfterPrefix(url));
        if (!path.matches()) {
            return Result.invalid("the URL is not an issue's page (…/owner/repo/issues/number)");
        }
        return number(path.group(3)) < 1 ? Result.invalid("issue numbers start at 1")
                : Result.of(new IssueRef(site.get().name(), path.group(1), path.group(2), number(path.group(3))));
    }

    private static long number(String digits) {
        return Long.parseLong(digits);
    }

    /** The outcome of reading one reference. */
    public record Result(IssueRef issue, String problem) {
        static Result of(IssueRef issue) {
            return new Result(issue, null);
        }

        static Result invalid(String problem) {
            return new Result(null, problem);
        }

        public boolean valid() {
            return issue != null;
        }
    }
}
