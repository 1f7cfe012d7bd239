package io.medic.planner.client;

import io.medic.events.Digests;
import io.medic.planner.domain.MigrationSourceRef;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code git:<clone-url>[#<path>]} through JGit, no git binary: one local bare repository per clone URL under
 * the cache directory, fetched on demand (when a commit is not there yet, or for the newest history when the
 * last fetch is older than the fetch interval), read at a commit straight from its objects, without a work
 * tree. Fetches of one repository are serialized. Errors name the source as {@link MigrationSourceRef#display}
 * does, never the URL's credentials.
 */
final class GitSource implements MigrationSource {

    /** The remote's HEAD (its default branch), fetched to a ref of our own. */
    static final String TIP = "refs/medic/tip";
    private static final Pattern COMMITISH = Pattern.compile("[0-9a-fA-F]{4,40}");
    private static final int MAX_FILE_BYTES = 16 << 20;

    private final MigrationSourceRef.Git ref;
    private final Path gitDir;
    private final VersionsCache cache;
    private final Duration timeout;
    private final Duration fetchInterval;
    private final Clock clock;
    private final GitRepositories.Lock lock;

    GitSource(MigrationSourceRef.Git ref, Path gitDir, VersionsCache cache, Duration timeout, Duration fetchInterval,
              Clock clock, GitRepositories.Lock lock) {
        this.ref = ref;
        this.gitDir = gitDir;
        this.cache = cache;
        this.timeout = timeout;
        this.fetchInterval = fetchInterval;
        this.clock = clock;
        this.lock = lock;
    }

    @Override
    public MigrationSourceRef ref() {
        return ref;
    }

    @Override
    public Versions at(String commit) throws SourceException {
        if (commit == null || !COMMITISH.matcher(commit).matches()) {
            throw new SourceException(SourceException.Kind.NO_COMMIT, "'" + commit + "' is not a commit id");
        }
        try (Repository repo = open()) {
            ObjectId id = resolve(repo, commit);
            if (id == null) {
                fetch(repo, Duration.ZERO);
                id = resolve(repo, commit);
            }
            if (id == null) {
                throw new SourceException(SourceException.Kind.UNKNOWN_COMMIT, "commit " + commit + " is not in "
                        + ref.display());
            }
            return read(repo, id);
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.FAILED, "cannot read " + ref.display() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public List<String> history(int max, String stopAt) throws SourceException {
        try (Repository repo = open()) {
            fetch(repo, fetchInterval);
            ObjectId tip = repo.resolve(TIP);
            if (tip == null) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, ref.display() + " has no default branch");
            }
            ObjectId stop = stopAt == null ? null : resolve(repo, stopAt);
            List<String> commits = new ArrayList<>();
            try (RevWalk walk = new RevWalk(repo)) {
                walk.sort(RevSort.COMMIT_TIME_DESC);
                walk.markStart(walk.parseCommit(tip));
                for (RevCommit c : walk) {
                    if (c.getId().equals(stop) || commits.size() >= max) {
                        break;
                    }
                    commits.add(c.getName());
                }
            }
            return commits;
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.FAILED, "cannot walk the history of " + ref.display() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private Versions read(Repository repo, ObjectId commitId) throws IOException, SourceException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(commitId);
            RevTree root = commit.getTree();
            ObjectId dirTree;
            try (TreeWalk tw = TreeWalk.forPath(repo, ref.path(), root)) {
                if (tw == null || tw.getFileMode(0) != FileMode.TREE) {
                    throw new SourceException(SourceException.Kind.NOT_FOUND, "no directory " + ref.path() + " at commit "
                            + commit.abbreviate(7).name() + " of " + ref.display());
                }
                dirTree = tw.getObjectId(0);
            }
            String contentId = "git-tree:" + dirTree.name();
            Path existing = cache.existing(contentId);
            if (existing != null) {
                return new Versions(commit.getName(), contentId, existing);
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (TreeWalk entries = new TreeWalk(repo)) {
                entries.addTree(dirTree);
                entries.setRecursive(false);
                while (entries.next()) {
                    FileMode mode = entries.getFileMode(0);
                    String name = entries.getNameString();
                    if (!name.endsWith(".py") || name.contains("/")) {
                        continue;
                    }
                    if (mode == FileMode.SYMLINK) {
                        byte[] target = repo.open(entries.getObjectId(0)).getBytes(4096);
                        byte[] resolved = symlinkTarget(repo, root, new String(target, StandardCharsets.UTF_8));
                        if (resolved != null) {
                            files.put(name, resolved);
                        }
                    } else if (mode.getObjectType() == Constants.OBJ_BLOB) {
                        files.put(name, repo.open(entries.getObjectId(0)).getBytes(MAX_FILE_BYTES));
                    }
                }
            }
            return new Versions(commit.getName(), contentId, cache.write(contentId, files));
        }
    }

    /** A relative symlink inside the repository (as examples/basketball-api/linear has), read at the same commit. */
    private byte[] symlinkTarget(Repository repo, RevTree root, String target) throws IOException {
        Path resolved = Path.of(ref.path()).resolve(target).normalize();
        if (target.startsWith("/") || resolved.startsWith("..")) {
            return null;
        }
        try (TreeWalk tw = TreeWalk.forPath(repo, resolved.toString().replace('\\', '/'), root)) {
            if (tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB || tw.getFileMode(0) == FileMode.SYMLINK) {
                return null;
            }
            return repo.open(tw.getObjectId(0)).getBytes(MAX_FILE_BYTES);
        }
    }

    private ObjectId resolve(Repository repo, String commit) throws SourceException {
        try {
            ObjectId id = repo.resolve(commit + "^{commit}");
            return id;
        } catch (AmbiguousObjectException e) {
            throw new SourceException(SourceException.Kind.UNKNOWN_COMMIT, "commit " + commit + " is ambiguous in "
                    + ref.display());
        } catch (MissingObjectException | RevisionSyntaxException e) {
            return null;
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.FAILED, "cannot read " + ref.display() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private Repository open() throws SourceException {
        try {
            if (!Files.isDirectory(gitDir.resolve("objects"))) {
                synchronized (lock) {
                    if (!Files.isDirectory(gitDir.resolve("objects"))) {
                        Files.createDirectories(gitDir.getParent());
                        Git.init().setBare(true).setDirectory(gitDir.toFile()).call().close();
                    }
                }
            }
            return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        } catch (IOException | GitAPIException e) {
            throw new SourceException(SourceException.Kind.FAILED, "cannot create the local cache of " + ref.display()
                    + ": " + e.getClass().getSimpleName());
        }
    }

    /** Fetches branches, tags and the remote's HEAD, unless the last fetch is younger than {@code freshFor}. */
    private void fetch(Repository repo, Duration freshFor) throws SourceException {
        synchronized (lock) {
            Instant now = clock.instant();
            if (lock.lastFetch != null && freshFor.isPositive() && lock.lastFetch.plus(freshFor).isAfter(now)) {
                return;
            }
            try (Git git = new Git(repo)) {
                git.fetch().setRemote(ref.url())
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"),
                                new RefSpec("+HEAD:" + TIP))
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setTimeout((int) Math.max(1, timeout.toSeconds()))
                        .call();
                lock.lastFetch = now;
            } catch (InvalidRemoteException e) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, "no git repository at " + ref.display());
            } catch (TransportException e) {
                throw new SourceException(kindOf(e), "cannot fetch " + ref.display() + ": " + oneLine(e));
            } catch (GitAPIException e) {
                throw new SourceException(SourceException.Kind.FAILED, "cannot fetch " + ref.display() + ": " + oneLine(e));
            }
        }
    }

    private static SourceException.Kind kindOf(TransportException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        if (m.contains("not authorized") || m.contains("authentication") || m.contains("401") || m.contains("403")) {
            return SourceException.Kind.UNAUTHORIZED;
        }
        if (m.contains("not found") || m.contains("does not appear to be a git repository") || m.contains("404")) {
            return SourceException.Kind.NOT_FOUND;
        }
        return SourceException.Kind.UNREACHABLE;
    }

    /** JGit's message, with anything that looks like a URL's credentials removed. */
    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("\\s+", " ").replaceAll("(?<=://)[^/@\\s]+@", "***@");
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    static String cacheName(String url) {
        return Digests.shortSha256Hex(url, 24) + ".git";
    }
}
