package io.medic.doctor.reconcile;

import java.util.List;

/**
 * What in the database supports one revision's state: lines for a person (the diagnosis table), and the
 * facts a blocker about the revision names.
 *
 * @param notes         what supports the state, one line each
 * @param present       of a partly applied revision: its effects the database shows
 * @param absent        of a partly applied revision: what it makes that the database lacks
 * @param missingBefore of a revision in doubt: its ancestors whose effects are absent while a descendant's
 *                      is present
 * @param presentAfter  of a revision in doubt: its descendants whose effects are present though the version
 *                      table does not imply them (they may have been applied by hand, out of order)
 */
public record Evidence(List<String> notes, List<String> present, List<String> absent, List<String> missingBefore,
                       List<String> presentAfter) {
    public Evidence {
        notes = List.copyOf(notes);
        presentAfter = List.copyOf(presentAfter);
        present = List.copyOf(present);
        absent = List.copyOf(absent);
        missingBefore = List.copyOf(missingBefore);
    }
}
