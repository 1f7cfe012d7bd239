package io.medic.planner.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table from the signature that fired to the diagnoser that plans: the list, and advice for the rest. */
class DiagnoserKindTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "db.duplicate-column, alembic-drift",
            "db.duplicate-table, alembic-drift",
            "db.duplicate-object, alembic-drift",
            "db.undefined-column, alembic-drift",
            "db.undefined-table, alembic-drift",
            "alembic.multiple-heads, alembic-drift",
            "alembic.unknown-revision, image-drift",
            "alembic.broken-revision-map, image-drift",
            "python.import-error, advice",
            "db.connection-refused, advice",
            "'', advice"})
    void eachSignatureGoesToItsDiagnoser(String signature, String diagnoser) {
        assertThat(DiagnoserKind.of(signature).diagnoser()).isEqualTo(diagnoser);
    }
}
