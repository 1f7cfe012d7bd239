package io.medic.doctor.migration;

import java.nio.file.Path;
import java.util.List;

/**
 * One Alembic revision file, read as text.
 *
 * @param file          the file it came from
 * @param revision      {@code revision}
 * @param downRevisions {@code down_revision}: empty for a root, two or more for a merge
 * @param branchLabels  {@code branch_labels}
 * @param dependsOn     {@code depends_on}: revision ids or branch labels
 * @param message       the first line of the module docstring (Alembic's message), or ""
 * @param operations    the calls in {@code upgrade()}, in source order
 */
public record MigrationFile(Path file, String revision, List<String> downRevisions, List<String> branchLabels,
                            List<String> dependsOn, String message, List<Operation> operations) {
    public MigrationFile {
        downRevisions = List.copyOf(downRevisions);
        branchLabels = List.copyOf(branchLabels);
        dependsOn = List.copyOf(dependsOn);
        operations = List.copyOf(operations);
        message = message == null ? "" : message;
    }
}
