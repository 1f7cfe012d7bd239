package io.medic.sandbox.basketball;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the fixture's history ({@link FixtureHistory}) into a bare git repository with JGit: {@code main}
 * (linear chain) and {@code branched}, {@code HEAD} on {@code main}. The three commits with a required prefix
 * get their nonce from a {@link NonceSource}: the stored one when the sandbox builds the repository (and then
 * the commit must have exactly the stored id, or the inputs changed), a search when {@link FixtureNonces} runs.
 */
final class FixtureRepository {

    /** The branches' tips and the old commit. */
    record Commits(ObjectId old, ObjectId linearTip, ObjectId branchedTip) {
    }

    /** The nonce for a target commit, given the commit's raw bytes up to where the nonce's digits go. */
    interface NonceSource {
        long nonce(FixtureHistory.Target target, byte[] rawBeforeNonce, int rawLength);
    }

    private FixtureRepository() {
    }

    static Commits write(Path gitDir, FixtureHistory history, NonceSource nonces) throws IOException {
        try (Git git = Git.init().setBare(true).setGitDir(gitDir.toFile()).setDirectory(gitDir.toFile()).setInitialBranch("main").call();
             ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            Map<String, byte[]> oldTree = history.oldTree();
            ObjectId old = commit(inserter, tree(inserter, oldTree), null, FixtureHistory.OLD_SUBJECT, FixtureHistory.OLD_DATE,
                    FixtureHistory.OLD, nonces);
            ObjectId linear = branch(inserter, history, "linear", oldTree, old, FixtureHistory.LINEAR_TIP, nonces);
            ObjectId branched = branch(inserter, history, "branched", oldTree, old, FixtureHistory.BRANCHED_TIP, nonces);
            inserter.flush();
            setRef(repo, "refs/heads/main", linear);
            setRef(repo, "refs/heads/branched", branched);
            return new Commits(old, linear, branched);
        } catch (GitAPIException e) {
            throw new IOException("cannot create the repository " + gitDir, e);
        }
    }

    private static ObjectId branch(ObjectInserter inserter, FixtureHistory history, String form, Map<String, byte[]> tree, ObjectId parent,
                                   FixtureHistory.Target tip, NonceSource nonces) throws IOException {
        List<FixtureHistory.Step> steps = history.steps(form);
        ObjectId head = parent;
        for (int i = 0; i < steps.size(); i++) {
            FixtureHistory.Step step = steps.get(i);
            tree = FixtureHistory.apply(tree, step);
            boolean last = i == steps.size() - 1;
            head = commit(inserter, tree(inserter, tree), head, step.subject(), step.when(), last ? tip : null, nonces);
        }
        return head;
    }

    private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent, String subject, java.time.OffsetDateTime when,
                                   FixtureHistory.Target target, NonceSource nonces) throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        PersonIdent ident = new PersonIdent(FixtureHistory.AUTHOR, FixtureHistory.EMAIL, when.toInstant(), when.getOffset());
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        if (target == null) {
            commit.setMessage(subject + "\n");
            return inserter.insert(commit);
        }
        commit.setMessage(message(subject, 0));
        byte[] raw = commit.build();
        int digitsAt = raw.length - FixtureHistory.NONCE_DIGITS - 1;
        byte[] before = java.util.Arrays.copyOf(raw, digitsAt);
        long nonce = nonces.nonce(target, before, raw.length);
        commit.setMessage(message(subject, nonce));
        return inserter.insert(commit);
    }

    static String message(String subject, long nonce) {
        return subject + "\n\n" + FixtureHistory.NONCE_TRAILER + String.format("%0" + FixtureHistory.NONCE_DIGITS + "d", nonce) + "\n";
    }

    private static ObjectId tree(ObjectInserter inserter, Map<String, byte[]> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            entry.setLength(file.getValue().length);
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    private static void setRef(Repository repo, String ref, ObjectId id) throws IOException {
        RefUpdate update = repo.updateRef(ref);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot set " + ref + ": " + result);
        }
    }
}
