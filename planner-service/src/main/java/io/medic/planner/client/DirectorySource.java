package io.medic.planner.client;

import io.medic.planner.domain.MigrationSourceRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code dir:<path>}: a mounted volume or a git-sync checkout, read as it is now. */
final class DirectorySource implements MigrationSource {

    private final MigrationSourceRef.Dir ref;

    DirectorySource(MigrationSourceRef.Dir ref) {
        this.ref = ref;
    }

    @Override
    public MigrationSourceRef ref() {
        return ref;
    }

    @Override
    public Versions at(String commit) throws SourceException {
        Path dir = Path.of(ref.path());
        if (!Files.isDirectory(dir)) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, "no directory " + ref.path() + " on the planner");
        }
        return new Versions(null, "dir:" + dir.toAbsolutePath(), dir);
    }

    @Override
    public List<String> history(int max, String stopAt) throws SourceException {
        throw new SourceException(SourceException.Kind.NO_HISTORY, ref.display() + " is a directory and has no"
                + " history to find a newer image in: name a git: or forge: source in medic.io/migrations");
    }
}
