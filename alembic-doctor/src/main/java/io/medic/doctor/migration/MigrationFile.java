package io.medic.doctor.migration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The first operation whose effect the schema cannot show: data work ({@code op.execute}, {@code bulk_insert}) or
     * a call the reader cannot read. Seeing the rest of the revision's effect in the schema says nothing about it.
     */
    public Optional<Operation> firstUnchecked() {
        return operations.stream().filter(op -> !op.checkableInSchema()).findFirst();
    }

    /**
     * What {@code upgrade()} changes, in a few words, its operations' phrases grouped by verb:
     * "creates player_teams; indexes player_teams (ix_pt_player), player_teams (ix_pt_team)".
     */
    public String summary() {
        if (operations.isEmpty()) {
            return "no schema change";
        }
        Map<String, List<String>> byVerb = new LinkedHashMap<>();
        for (Operation op : operations) {
            Operation.Phrase p = op.phrase();
            byVerb.computeIfAbsent(p.verb(), k -> new ArrayList<>()).add(p.what());
        }
        List<String> parts = new ArrayList<>();
        byVerb.forEach((verb, what) -> parts.add(verb + " " + String.join(", ", what)));
        return String.join("; ", parts);
    }
}
