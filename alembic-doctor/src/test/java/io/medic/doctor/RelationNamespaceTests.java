package io.medic.doctor;

import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.Simulator;
import io.medic.events.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.Histories.col;
import static io.medic.doctor.Histories.graph;
import static io.medic.doctor.Histories.pk;
import static io.medic.doctor.Histories.rev;
import static io.medic.doctor.Histories.snapshot;
import static io.medic.doctor.Histories.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 3: a revision the plan runs must not create an object whose name the live catalog already
 * holds. Tables and indexes share one namespace per schema in PostgreSQL, so an index named like an
 * existing table (or the reverse) fails the upgrade: the proof models it and the plan is refused.
 */
class RelationNamespaceTests {

    private final List<MigrationFile> files = List.of(
            rev("001", (String) null, table("teams", pk("id"), col("name", "text"))),
            rev("002", "001", new Operation.CreateIndex("ix_teams_name", "teams", List.of("name"), false, 1)),
            rev("003", "002", table("seasons", pk("id"))));

    @Test
    void anIndexNamedLikeAnExistingTableIsNeverPlanned() {
        SchemaSnapshot db = snapshot(files, List.of("001"), List.of("001"));
        Simulator.apply(db.model(), table("ix_teams_name", pk("id")), v -> {
            throw new AssertionError(v);
        });
        Prescription d = Diagnostician.diagnose(graph(files), db);
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("relation \"ix_teams_name\" already exists");
        assertThat(d.steps()).isEmpty();
    }

    @Test
    void aTableNamedLikeAnExistingIndexIsNeverPlanned() {
        List<MigrationFile> clash = List.of(files.get(0), files.get(1), rev("003", "002", table("ix_teams_name", pk("id"))));
        SchemaSnapshot db = snapshot(clash, List.of("001", "002"), List.of("002"));
        Prescription d = Diagnostician.diagnose(graph(clash), db);
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("relation \"ix_teams_name\" already exists");
    }
}
