package io.medic.doctor.schema;

/**
 * One way the database differs from what migrations predict. {@code object} names what differs
 * ({@code players}, {@code players.custom_notes}, {@code index ix_players_name}); {@code missing} is true
 * when the prediction has it and the database not (or not in that form). {@code weight} is how many
 * facts the difference stands for: a whole absent table weighs as much as everything in it, so that
 * explaining a table beats explaining a column.
 */
public record Difference(String table, String object, boolean missing, String text, int weight) {
    public Difference(String table, String object, boolean missing, String text) {
        this(table, object, missing, text, 1);
    }
}
