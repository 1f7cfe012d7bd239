package io.medic.cli;

import io.medic.doctor.Prescription;
import io.medic.events.Blocker;
import io.medic.events.Diagnosis;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Step;

import java.util.ArrayList;
import java.util.List;

/** The diagnosis as people read it: the incident's "DB State" table, the verdict, the plan and its reasoning. */
final class DiagnosisText {

    private static final int CHANGE_WIDTH = 44;
    /** Wide enough for every state's name. */
    private static final int STATE_WIDTH = java.util.Arrays.stream(RevisionState.values())
            .mapToInt(s -> s.name().length()).max().orElse(0) + 1;

    private DiagnosisText() {
    }

    static String render(Prescription prescription, String database, String migrations, String schema) {
        Diagnosis d = prescription.diagnosis();
        StringBuilder out = new StringBuilder();
        out.append("Database:      ").append(database).append(" (schema ").append(schema).append(")\n");
        out.append("Migrations:    ").append(migrations).append(" (").append(d.revisions().size())
                .append(" revisions, head ").append(String.join(", ", d.heads())).append(")\n");
        out.append("Version table: ").append(d.versionRows().isEmpty() ? "(empty)" : String.join(", ", d.versionRows()))
                .append("\n\n");
        table(d.revisions(), out);
        out.append("\nVerdict: ").append(d.verdict());
        if (!d.reason().isEmpty()) {
            out.append(": ").append(d.reason());
        }
        out.append('\n');
        if (!prescription.alembicCommands().isEmpty()) {
            out.append("\nPlan:\n");
            int n = 1;
            for (Step s : prescription.steps()) {
                out.append(String.format("  %d. %s%n", n++, s.describe()));
            }
        }
        List<String> why = d.blockers().isEmpty() ? d.reasoning() : d.blockers().stream().map(Blocker::text).toList();
        if (!why.isEmpty()) {
            out.append("\nWhy:\n");
            why.forEach(r -> out.append("  - ").append(r).append('\n'));
        }
        if (!d.warnings().isEmpty()) {
            out.append("\nWarnings:\n");
            d.warnings().forEach(w -> out.append("  - ").append(w).append('\n'));
        }
        return out.toString();
    }

    /** Long runs of plainly applied revisions are folded into one line. */
    private static void table(List<RevisionRow> rows, StringBuilder out) {
        out.append(String.format("%-14s %-" + CHANGE_WIDTH + "s %-" + STATE_WIDTH + "s %-8s %s%n", "Revision",
                "Change", "State", "Stamped", "Evidence"));
        List<RevisionRow> run = new ArrayList<>();
        for (RevisionRow row : rows) {
            if (row.state() == RevisionState.APPLIED && row.evidence().isEmpty()) {
                run.add(row);
                continue;
            }
            flush(run, out);
            line(row, out);
        }
        flush(run, out);
    }

    private static void flush(List<RevisionRow> run, StringBuilder out) {
        if (run.size() > 3) {
            String range = run.get(0).revision() + ".." + run.get(run.size() - 1).revision();
            out.append(String.format("%-14s %-" + CHANGE_WIDTH + "s %-" + STATE_WIDTH + "s %-8s%n", shorten(range, 14),
                    "(" + run.size() + " revisions)", RevisionState.APPLIED, "yes"));
        } else {
            run.forEach(r -> line(r, out));
        }
        run.clear();
    }

    private static void line(RevisionRow row, StringBuilder out) {
        String evidence = row.evidence().isEmpty() ? "" : String.join("; ", row.evidence());
        out.append(String.format("%-14s %-" + CHANGE_WIDTH + "s %-" + STATE_WIDTH + "s %-8s %s%n",
                shorten(row.revision(), 14), shorten(row.summary(), CHANGE_WIDTH), row.state(),
                row.state().stamped() ? "yes" : "no", evidence).stripTrailing()).append('\n');
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
