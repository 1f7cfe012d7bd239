package io.medic.doctor.reconcile;

import io.medic.doctor.migration.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a revision changes, in a few words, for the diagnosis table ("creates player_teams; adds players.custom_notes"). */
final class OperationSummary {

    private OperationSummary() {
    }

    static String of(List<Operation> operations) {
        if (operations.isEmpty()) {
            return "no schema change";
        }
        Map<String, List<String>> byVerb = new LinkedHashMap<>();
        for (Operation op : operations) {
            String[] vw = verbAndWhat(op);
            byVerb.computeIfAbsent(vw[0], k -> new ArrayList<>()).add(vw[1]);
        }
        List<String> parts = new ArrayList<>();
        byVerb.forEach((verb, what) -> parts.add(verb + " " + String.join(", ", what)));
        return String.join("; ", parts);
    }

    /** {@code op.execute(sa.text("UPDATE players ..."))} reads better as {@code UPDATE players ...}. */
    static String sqlOf(String source) {
        String s = source.strip();
        for (String prefix : new String[]{"op.execute(", "sa.text(", "sqlalchemy.text(", "text("}) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length()).strip();
            }
        }
        s = s.replaceFirst("^[rRbBuU]*(\"\"\"|'''|\"|')", "").replaceFirst("(\"\"\"|'''|\"|')?[)\\s]*$", "");
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String[] verbAndWhat(Operation op) {
        if (op instanceof Operation.CreateTable o) {
            return new String[]{"creates", o.table()};
        } else if (op instanceof Operation.DropTable o) {
            return new String[]{"drops", o.table()};
        } else if (op instanceof Operation.RenameTable o) {
            return new String[]{"renames", o.table() + " to " + o.newName()};
        } else if (op instanceof Operation.AddColumn o) {
            return new String[]{"adds", o.table() + "." + o.column().name()};
        } else if (op instanceof Operation.DropColumn o) {
            return new String[]{"drops", o.table() + "." + o.column()};
        } else if (op instanceof Operation.AlterColumn o) {
            return new String[]{"alters", o.table() + "." + o.column()
                    + (o.newName() != null ? " (renamed " + o.newName() + ")" : "")};
        } else if (op instanceof Operation.CreateIndex o) {
            return new String[]{"indexes", o.table() + (o.name() == null ? "" : " (" + o.name() + ")")};
        } else if (op instanceof Operation.DropIndex o) {
            return new String[]{"drops index", String.valueOf(o.name())};
        } else if (op instanceof Operation.CreateUniqueConstraint o) {
            return new String[]{"adds unique", o.table() + " (" + String.join(", ", o.columns()) + ")"};
        } else if (op instanceof Operation.CreateForeignKey o) {
            return new String[]{"adds foreign key", o.table() + " -> " + o.referredTable()};
        } else if (op instanceof Operation.CreatePrimaryKey o) {
            return new String[]{"adds primary key", o.table()};
        } else if (op instanceof Operation.DropConstraint o) {
            return new String[]{"drops constraint", String.valueOf(o.name())};
        } else if (op instanceof Operation.Execute o) {
            return new String[]{"data migration", sqlOf(o.summary())};
        } else if (op instanceof Operation.Unknown o) {
            return new String[]{"unreadable", o.description()};
        }
        return new String[]{"does", op.toString()};
    }
}
