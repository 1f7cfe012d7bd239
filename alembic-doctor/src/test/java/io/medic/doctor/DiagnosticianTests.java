package io.medic.doctor;

import io.medic.doctor.migration.MigrationFile;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.medic.doctor.Histories.basketball;
import static io.medic.doctor.Histories.graph;
import static io.medic.doctor.Histories.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticianTests {

    private static Map<String, RevisionState> states(Prescription d) {
        return d.diagnosis().revisions().stream().collect(Collectors.toMap(RevisionRow::revision, RevisionRow::state));
    }

    @Test
    void theIncidentOnTheBranchedGraphStampsPastTheOutOfOrderRevisionAndLetsAlembicRun019() {
        List<MigrationFile> files = basketball(true);
        Prescription d = Diagnostician.diagnose(graph(files),
                snapshot(files, List.of("001", "002", "003", "018", "020"), List.of("018")));

        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason() + d.diagnosis().reasoning()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp 020", "alembic upgrade head");
        assertThat(states(d)).containsEntry("018", RevisionState.APPLIED)
                .containsEntry("019", RevisionState.MISSING)
                .containsEntry("020", RevisionState.PRESENT_UNSTAMPED)
                .containsEntry("021", RevisionState.MISSING)
                .containsEntry("023", RevisionState.UNVERIFIABLE_MISSING)
                .containsEntry("024", RevisionState.MISSING);
    }

    @Test
    void theIncidentOnTheLinearGraphRuns019AloneBeforeStamping020() {
        List<MigrationFile> files = basketball(false);
        Prescription d = Diagnostician.diagnose(graph(files),
                snapshot(files, List.of("001", "002", "003", "018", "020"), List.of("018")));

        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason() + d.diagnosis().reasoning()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade 019", "alembic stamp 020",
                "alembic upgrade head");
    }

    @Test
    void atHeadIsHealthy() {
        List<MigrationFile> files = basketball(false);
        List<String> all = files.stream().map(MigrationFile::revision).toList();
        Prescription d = Diagnostician.diagnose(graph(files), snapshot(files, all, List.of("024")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.HEALTHY);
        assertThat(d.alembicCommands()).isEmpty();
    }

    @Test
    void anUnknownVersionRowNeedsAHuman() {
        List<MigrationFile> files = basketball(false);
        Prescription d = Diagnostician.diagnose(graph(files),
                snapshot(files, List.of("001", "002", "003", "018"), List.of("f00dcafe")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("f00dcafe");
        assertThat(d.alembicCommands()).isEmpty();
    }
}
