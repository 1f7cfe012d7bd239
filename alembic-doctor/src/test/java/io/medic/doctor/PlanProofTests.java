package io.medic.doctor;

import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.plan.AlembicRefusal;
import io.medic.doctor.plan.PlanProof;
import io.medic.doctor.reconcile.MigrationHistory;
import io.medic.doctor.reconcile.Reconciler;
import io.medic.doctor.reconcile.Reconciliation;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Blocker;
import io.medic.events.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.Histories.basketball;
import static io.medic.doctor.Histories.graph;
import static io.medic.doctor.Histories.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong plans for the incident (the linear chain, stamped 018, 020's column present) are not proven, and
 * each failure becomes the blocker a person reads.
 */
class PlanProofTests {

    private final List<MigrationFile> files = basketball(false);
    private final MigrationHistory history = MigrationHistory.of(graph(files));
    private final SchemaSnapshot snapshot = snapshot(files, List.of("001", "002", "003", "018", "020"), List.of("018"));
    private final Reconciliation reconciliation = Reconciler.reconcile(history, snapshot);

    private PlanProof.Result prove(Step... steps) {
        return PlanProof.prove(reconciliation, snapshot, List.of(steps),
                history.headSchema(), history.managedTables());
    }

    @Test
    void theHumansPlanSkips019AndIsNotProven() {
        PlanProof.Result result = prove(
                new Step.AlembicStamp(List.of("020"), false, List.of("018"), List.of("020")),
                new Step.AlembicUpgrade("head", List.of("020"), List.of("021", "022", "023", "024"), List.of("024")));

        assertThat(result.proven()).isFalse();
        assertThat(result.failure()).isEqualTo(new PlanProof.LeavesUnapplied(List.of("019")));
        assertThat(Blockers.unproven(result.failure()))
                .isEqualTo(new Blocker.Unproven("the plan leaves 019 unapplied"))
                .extracting(Blocker::text).isEqualTo("no safe plan: the plan leaves 019 unapplied");
    }

    @Test
    void whatThePodDoesOnBootWouldRun020Again() {
        PlanProof.Result result = prove(new Step.AlembicUpgrade("head", List.of("018"),
                List.of("019", "020", "021", "022", "023", "024"), List.of("024")));

        assertThat(result.failure()).isEqualTo(new PlanProof.RunsAgain("alembic upgrade head", "020"));
        assertThat(Blockers.unproven(result.failure()).text())
                .isEqualTo("no safe plan: alembic upgrade head would run 020 again: its effects are already there");
    }

    @Test
    void aStepThatExpectsOtherVersionRowsIsNotProven() {
        PlanProof.Result result = prove(new Step.AlembicUpgrade("019", List.of("003"), List.of("019"), List.of("019")));

        assertThat(result.failure()).isEqualTo(
                new PlanProof.UnexpectedRows("alembic upgrade 019", List.of("003"), List.of("018")));
        assertThat(Blockers.unproven(result.failure()).text())
                .isEqualTo("no safe plan: alembic upgrade 019 expects version rows [003] but they are [018]");
    }

    @Test
    void aCommandAlembicWouldRefuseIsNotProven() {
        PlanProof.Result result = prove(new Step.AlembicUpgrade("f00dcafe", List.of("018"), List.of(), List.of("018")));

        assertThat(result.failure()).isInstanceOfSatisfying(PlanProof.Refused.class,
                f -> assertThat(f.command()).isEqualTo("alembic upgrade f00dcafe"));
        assertThat(Blockers.unproven(result.failure())).isEqualTo(new Blocker.AlembicUnreliable(
                "Alembic would refuse a command: Can't locate revision identified by 'f00dcafe'"));
    }

    @Test
    void theEnginesOwnPlanIsProven() throws AlembicRefusal {
        var plan = new io.medic.doctor.plan.PlanBuilder(history.graph()).build(reconciliation, snapshot.versionRows());
        PlanProof.Result result = prove(plan.steps().toArray(Step[]::new));

        assertThat(result.proven()).as(String.valueOf(result.failure())).isTrue();
        assertThat(result.finalRows()).containsExactly("024");
    }
}
