package io.medic.doctor.scenario;

import io.medic.doctor.testing.SchemaObject;

import java.util.List;
import java.util.Optional;

/**
 * What a scenario's setup leaves in the database.
 *
 * @param versionRows the rows of alembic_version, sorted; empty Optional when the table must not exist
 * @param present     objects that must exist
 * @param absent      objects that must not exist
 */
public record StateClaim(Optional<List<String>> versionRows, List<SchemaObject> present, List<SchemaObject> absent) {

    public StateClaim {
        versionRows = versionRows.map(rows -> rows.stream().sorted().toList());
        present = List.copyOf(present);
        absent = List.copyOf(absent);
    }

    public static StateClaim stamped(List<String> rows, List<SchemaObject> present, List<SchemaObject> absent) {
        return new StateClaim(Optional.of(rows), present, absent);
    }

    public static StateClaim noVersionTable(List<SchemaObject> present, List<SchemaObject> absent) {
        return new StateClaim(Optional.empty(), present, absent);
    }
}
