package io.medic.planner.domain;

import java.util.regex.Pattern;

/**
 * Where a workload's Alembic revision files live, as {@code medic.io/migrations} names them:
 * <ul>
 *     <li>{@code dir:<path>} (or a bare absolute path): a mounted volume or a git-sync checkout;</li>
 *     <li>{@code git:<clone-url>[#<path-in-repo>]}: a git repository, read at the image's commit;</li>
 *     <li>{@code forge:<owner>/<repo>[#<path>]}: the configured forge's contents API at that commit.</li>
 * </ul>
 * {@link #display()} is how a plan, a log line or an error names the source: credentials in a clone URL
 * never appear in it.
 */
public sealed interface MigrationSourceRef {

    /** Where the revision files lie inside a repository when the annotation does not say. */
    String DEFAULT_PATH = "alembic/versions";

    /** A bounded label for metrics: {@code dir}, {@code git} or {@code forge}. */
    String kind();

    /** The source as people may see it: never a password or token. */
    String display();

    /** A directory on the planner's file system; it has no history. */
    record Dir(String path) implements MigrationSourceRef {
        @Override
        public String kind() {
            return "dir";
        }

        @Override
        public String display() {
            return "dir:" + path;
        }
    }

    /** A git repository reachable by JGit ({@code https://}, {@code http://}, {@code file://} or a path). */
    record Git(String url, String path) implements MigrationSourceRef {
        @Override
        public String kind() {
            return "git";
        }

        @Override
        public String display() {
            return "git:" + redact(url) + "#" + path;
        }
    }

    /** A repository of the configured forge, read through its contents API. */
    record Forge(String owner, String repo, String path) implements MigrationSourceRef {
        @Override
        public String kind() {
            return "forge";
        }

        @Override
        public String display() {
            return "forge:" + owner + "/" + repo + "#" + path;
        }
    }

    Pattern OWNER_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /** @throws IllegalArgumentException with the reason, when the annotation's value is not a source */
    static MigrationSourceRef parse(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            throw new IllegalArgumentException("the annotation is empty");
        }
        String value = annotation.strip();
        if (value.startsWith("dir:")) {
            String path = value.substring(4).strip();
            if (path.isEmpty()) {
                throw new IllegalArgumentException("dir: names no directory");
            }
            return new Dir(path);
        }
        if (value.startsWith("/")) {
            return new Dir(value);
        }
        if (value.startsWith("git:")) {
            String rest = value.substring(4).strip();
            int hash = rest.lastIndexOf('#');
            String url = hash < 0 ? rest : rest.substring(0, hash);
            String path = hash < 0 ? DEFAULT_PATH : cleanPath(rest.substring(hash + 1));
            if (url.isBlank()) {
                throw new IllegalArgumentException("git: names no clone URL");
            }
            return new Git(url.strip(), path);
        }
        if (value.startsWith("forge:")) {
            String rest = value.substring(6).strip();
            int hash = rest.indexOf('#');
            String ownerRepo = hash < 0 ? rest : rest.substring(0, hash);
            if (!OWNER_REPO.matcher(ownerRepo).matches()) {
                throw new IllegalArgumentException("forge: wants <owner>/<repo>[#<path>], not '" + ownerRepo + "'");
            }
            String[] parts = ownerRepo.split("/");
            String path = hash < 0 ? DEFAULT_PATH : cleanPath(rest.substring(hash + 1));
            return new Forge(parts[0], parts[1], path);
        }
        throw new IllegalArgumentException("'" + redact(value) + "' is not dir:<path>, git:<clone-url>[#<path>] or"
                + " forge:<owner>/<repo>[#<path>]");
    }

    private static String cleanPath(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.contains("..")) {
            throw new IllegalArgumentException("'" + path + "' is not a path inside the repository");
        }
        return p;
    }

    /** {@code https://user:token@host/x.git} becomes {@code https://***@host/x.git}. */
    static String redact(String url) {
        return url.replaceAll("(?<=://)[^/@]+@", "***@");
    }
}
