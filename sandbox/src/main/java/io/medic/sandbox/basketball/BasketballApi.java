package io.medic.sandbox.basketball;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.Sandbox;
import io.medic.sandbox.kubelet.Image;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixture application of incident #183, installed into a {@link Sandbox}: its git repository (built
 * with JGit, {@link #repositoryUrl()}: {@code main} ends on {@code 15f3047}, {@code branched} on
 * {@code 2d4a19c}, both 23 commits after {@code 737093f}), its images ({@code basketball-api:<commit>} for
 * every commit: a checkout of the commit, CMD {@code python3 app.py}, an {@code alembic} command on the
 * PATH), its manifests ({@link #manifests()}) and the incident's database ({@link #incidentDatabase}).
 *
 * <pre>{@code
 * BasketballApi api = BasketballApi.install(sandbox);
 * api.incidentDatabase(databaseUrl, ChainForm.LINEAR);                 // stamped 018, 020's column by hand
 * api.deploy(sandbox.client(), BasketballApi.CURRENT_IMAGE, databaseUrl, Variant.MIGRATE_ON_BOOT);
 * // basketball-api/basketball-api-...: CrashLoopBackOff, DuplicateColumn in its previous log
 * }</pre>
 */
public final class BasketballApi {

    /** The namespace the manifests use. */
    public static final String NAMESPACE = "basketball-api";
    /** The image repository: an image is {@code basketball-api:<7-character commit>}. */
    public static final String REPOSITORY = "basketball-api";
    /** The deployed image of the incident, {@code main}'s tip: migrations 001..024, the linearized chain. */
    public static final String CURRENT_COMMIT = "15f3047";
    /** The old image, 23 commits behind {@link #CURRENT_COMMIT}: migrations 001..017 only. */
    public static final String OLD_COMMIT = "737093f";
    /** The tip of {@code branched}: migrations 001..024 as they were before the chain was linearized (022 merges 020 and 021). */
    public static final String BRANCHED_COMMIT = "2d4a19c";
    public static final String CURRENT_IMAGE = REPOSITORY + ":" + CURRENT_COMMIT;
    public static final String OLD_IMAGE = REPOSITORY + ":" + OLD_COMMIT;
    public static final String BRANCHED_IMAGE = REPOSITORY + ":" + BRANCHED_COMMIT;
    /** Where the migrations are inside the repository (and inside an image's directory). */
    public static final String VERSIONS_PATH = "versions";

    private static final Pattern COMMIT_TAG = Pattern.compile(Pattern.quote(REPOSITORY) + ":([0-9a-f]{7,40})");

    private final Path gitDir;
    private final Path imagesDir;
    private final Path bin;
    private final FixtureRepository.Commits commits;

    private BasketballApi(Path gitDir, Path imagesDir, Path bin, FixtureRepository.Commits commits) {
        this.gitDir = gitDir;
        this.imagesDir = imagesDir;
        this.bin = bin;
        this.commits = commits;
    }

    /**
     * Builds the repository under the sandbox's work directory (checking that the commits still have their
     * prefixes), checks out the three named commits and registers {@code basketball-api:<commit>} for every
     * commit of the repository.
     */
    public static BasketballApi install(Sandbox sandbox) {
        Path root = sandbox.workDir().resolve("basketball-api");
        try {
            Path gitDir = root.resolve("basketball-api.git");
            FixtureRepository.Commits commits = build(gitDir, FixtureSources.fromClasspath());
            Path bin = Files.createDirectories(root.resolve("bin"));
            Path alembic = bin.resolve("alembic");
            Files.writeString(alembic, "#!/bin/sh\n# the image's `alembic` command (Debian's python3-alembic)\nexec /usr/bin/python3 -m alembic \"$@\"\n");
            Files.setPosixFilePermissions(alembic, PosixFilePermissions.fromString("rwxr-xr-x"));
            BasketballApi api = new BasketballApi(gitDir, Files.createDirectories(root.resolve("images")), bin, commits);
            for (ObjectId id : List.of(commits.old(), commits.linearTip(), commits.branchedTip())) {
                sandbox.images().register(api.imageOf(id, id.abbreviate(7).name()));
            }
            sandbox.images().addResolver(api::resolve);
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the basketball-api fixture under " + root, e);
        }
    }

    /** Writes the repository and checks every named commit against {@code fixture-commits.properties}. */
    static FixtureRepository.Commits build(Path gitDir, FixtureSources sources) throws IOException {
        FixtureCommits stored = FixtureCommits.from(sources);
        FixtureRepository.Commits commits = FixtureRepository.write(gitDir, new FixtureHistory(sources), (target, before, length) -> {
            Long nonce = stored.nonces().get(target.key());
            if (nonce == null) {
                throw new IllegalStateException(FixtureCommits.FILE + " has no nonce for " + target.key() + "; regenerate it: "
                        + FixtureCommits.REGENERATE);
            }
            return nonce;
        });
        verify(commits.old(), FixtureHistory.OLD, stored);
        verify(commits.linearTip(), FixtureHistory.LINEAR_TIP, stored);
        verify(commits.branchedTip(), FixtureHistory.BRANCHED_TIP, stored);
        return commits;
    }

    private static void verify(ObjectId id, FixtureHistory.Target target, FixtureCommits stored) {
        String expected = stored.commits().get(target.key());
        if (!id.name().equals(expected) || !id.name().startsWith(target.prefix())) {
            throw new IllegalStateException("the basketball-api fixture's commit " + target.prefix() + " (" + target.key()
                    + ") now hashes to " + id.name() + ", not " + expected + ": an input changed (examples/basketball-api/app, linear, "
                    + "branched or FixtureHistory). Find the new nonces with: " + FixtureCommits.REGENERATE);
        }
    }

    /** {@code file:///.../basketball-api.git}: a bare repository (JGit and git can clone and read it). */
    public String repositoryUrl() {
        String url = gitDir.toUri().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Path repositoryDirectory() {
        return gitDir;
    }

    /** The {@code medic.io/migrations} annotation's value: {@code git:<repository url>#versions}. */
    public String migrationsSource() {
        return "git:" + repositoryUrl() + "#" + VERSIONS_PATH;
    }

    public ObjectId oldCommit() {
        return commits.old();
    }

    public ObjectId currentCommit(ChainForm form) {
        return form == ChainForm.LINEAR ? commits.linearTip() : commits.branchedTip();
    }

    /** The current image of a form: {@code basketball-api:15f3047} (linear) or {@code basketball-api:2d4a19c} (branched). */
    public static String currentImage(ChainForm form) {
        return form == ChainForm.LINEAR ? CURRENT_IMAGE : BRANCHED_IMAGE;
    }

    /** The image directory of a registered image (its checkout), e.g. to run Alembic from it. */
    public Path checkout(ChainForm form) {
        return imagesDir.resolve(currentCommit(form).abbreviate(7).name());
    }

    public BasketballManifests manifests() {
        return new BasketballManifests(migrationsSource());
    }

    /**
     * Creates (or replaces) the namespace, the database Secret, the hook Job ({@link BasketballManifests.Variant#HOOK_JOB})
     * and the Deployment running {@code image}. Returns what it applied.
     */
    public List<HasMetadata> deploy(KubernetesClient client, String image, String databaseUrl, BasketballManifests.Variant variant) {
        return deploy(client, manifests(), image, databaseUrl, variant);
    }

    /** As {@link #deploy(KubernetesClient, String, String, BasketballManifests.Variant)}, with these manifests. */
    public List<HasMetadata> deploy(KubernetesClient client, BasketballManifests manifests, String image, String databaseUrl,
                                    BasketballManifests.Variant variant) {
        List<HasMetadata> objects = manifests.all(image, databaseUrl, variant);
        for (HasMetadata object : objects) {
            client.resource(object).createOr(existing -> existing.update());
        }
        return objects;
    }

    /**
     * Builds the incident's database state on the (empty) database {@code databaseUrl} with real Alembic, from
     * {@code form}'s current checkout: see {@link IncidentDatabase#build}.
     */
    public void incidentDatabase(String databaseUrl, ChainForm form) {
        IncidentDatabase.build(databaseUrl, checkout(form));
    }

    private Optional<Image> resolve(String reference) {
        Matcher m = COMMIT_TAG.matcher(reference);
        if (!m.matches()) {
            return Optional.empty();
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
            ObjectId id = repo.resolve(m.group(1) + "^{commit}");
            return id == null ? Optional.empty() : Optional.of(imageOf(id, m.group(1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The image of commit {@code id}: its checkout (made once), CMD {@code python3 app.py}. */
    private Image imageOf(ObjectId id, String tag) {
        Path dir = imagesDir.resolve(id.abbreviate(7).name());
        synchronized (this) {
            if (!Files.isDirectory(dir)) {
                checkOut(id, dir);
            }
        }
        return Image.of(REPOSITORY + ":" + tag, dir, List.of("/usr/bin/python3", "app.py"), Map.of(
                "PATH", bin + ":" + Image.DEFAULT_PATH,
                "LANG", "C.UTF-8",
                "PYTHONUNBUFFERED", "1",
                "PYTHONDONTWRITEBYTECODE", "1"));
    }

    private void checkOut(ObjectId id, Path dir) {
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo);
             ObjectReader reader = repo.newObjectReader();
             TreeWalk tree = new TreeWalk(reader)) {
            RevCommit commit = walk.parseCommit(id);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            Files.createDirectories(partial);
            while (tree.next()) {
                Path file = partial.resolve(tree.getPathString());
                Files.createDirectories(file.getParent());
                ObjectLoader blob = reader.open(tree.getObjectId(0));
                Files.write(file, blob.getBytes());
            }
            Files.move(partial, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check out " + id.name() + " into " + dir, e);
        }
    }
}
