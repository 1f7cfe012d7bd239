package io.medic.planner;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;

/**
 * A git repository the test makes with JGit: the basketball-api's history in two commits, as the seed's two
 * images were built — {@link #old} with revisions 001..017 (image 737093f's), {@link #current} with 001..024.
 */
public final class GitFixture {

    public final Path directory;
    public final String old;
    public final String current;

    private GitFixture(Path directory, String old, String current) {
        this.directory = directory;
        this.old = old;
        this.current = current;
    }

    public static GitFixture create(Path parent) {
        Path repo = parent.resolve("basketball-api-repo");
        Path versions = repo.resolve("alembic/versions");
        Path fixture = AlembicProject.fixtureDirectory(FixtureForm.BRANCHED).resolve("versions");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(versions);
            List<Path> files;
            try (Stream<Path> s = Files.list(fixture)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".py")).sorted().toList();
            }
            for (Path f : files) {
                if (f.getFileName().toString().compareTo("018") < 0) {
                    Files.copy(f, versions.resolve(f.getFileName().toString()));
                }
            }
            Files.writeString(repo.resolve("README.md"), "basketball-api\n");
            RevCommit old = commit(git, "migrations up to 017", Instant.parse("2026-03-01T10:00:00Z"));
            for (Path f : files) {
                if (f.getFileName().toString().compareTo("018") >= 0) {
                    Files.copy(f, versions.resolve(f.getFileName().toString()));
                }
            }
            RevCommit current = commit(git, "018..024: groupme, player_teams, custom_notes, oauth, merge, backfill,"
                    + " is_public", Instant.parse("2026-03-26T10:00:00Z"));
            return new GitFixture(repo, old.getName(), current.getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RevCommit commit(Git git, String message, Instant when) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Test", "test@example.invalid", Date.from(when), TimeZone.getTimeZone("UTC"));
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    public String url() {
        return directory.toUri().toString();
    }

    public static String short7(String commit) {
        return commit.substring(0, 7);
    }
}
