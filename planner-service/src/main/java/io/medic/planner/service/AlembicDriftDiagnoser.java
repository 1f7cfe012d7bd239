package io.medic.planner.service;

import io.medic.doctor.Prescription;
import io.medic.events.DatabaseRef;
import io.medic.events.Diagnosis;
import io.medic.events.Signal;
import io.medic.planner.client.AlembicEngine;
import io.medic.planner.client.MigrationSource;
import io.medic.planner.client.Versions;
import io.medic.planner.domain.DiagnoserKind;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.RecoverySteps;
import io.medic.planner.domain.RolloutChecks;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The database and the migrations disagree ({@code db.duplicate-column} and kin): read the database URL from
 * the Secret the signal names, the revision files of the exact image that crashed, run the engine, and place
 * its proven steps in a plan with the cluster's restart and checks. The engine's NEEDS_HUMAN and BAD_INPUT
 * verdicts, and anything that stops the engine from running, become plans without steps that say why.
 */
@ApplicationScoped
class AlembicDriftDiagnoser implements Diagnoser {

    private static final Logger LOG = Logger.getLogger(AlembicDriftDiagnoser.class);

    private final DiagnosisInputs inputs;
    private final AlembicEngine engine;
    private final RolloutChecks checks;

    AlembicDriftDiagnoser(DiagnosisInputs inputs, AlembicEngine engine, RolloutChecks checks) {
        this.inputs = inputs;
        this.engine = engine;
        this.checks = checks;
    }

    @Override
    public Finding diagnose(Signal signal, WorkloadFacts facts) {
        DatabaseRef database = null;
        try {
            database = inputs.database(signal, facts);
            MigrationSource source = inputs.source(signal);
            long began = System.nanoTime();
            Versions versions = inputs.versions(source, signal, facts);
            long read = System.nanoTime();
            String url = inputs.databaseUrl(signal, database);
            long secret = System.nanoTime();
            Prescription prescription = engine.diagnose(versions.directory(), url, database.schema());
            LOG.debugf("%s: migrations from %s in %d ms, the database Secret in %d ms, the engine in %d ms",
                    signal.incidentId(), source.ref().display(), (read - began) / 1_000_000,
                    (secret - read) / 1_000_000, (System.nanoTime() - secret) / 1_000_000);
            return finding(prescription, signal, facts, database, versions);
        } catch (Blocked blocked) {
            return blocked(signal, database, blocked);
        }
    }

    /** The engine's prescription as a finding (also image drift's answer when the database is not ahead). */
    Finding finding(Prescription prescription, Signal signal, WorkloadFacts facts, DatabaseRef database,
                    Versions versions) {
        Diagnosis diagnosis = prescription.diagnosis();
        String at = versions.commit() == null ? "" : " (migrations of commit " + shortId(versions.commit()) + ")";
        return switch (diagnosis.verdict()) {
            case AUTO_PLAN -> {
                RecoverySteps.Result placed = RecoverySteps.around(prescription.steps(), signal.workload(),
                        signal.container(), facts, checks);
                String commands = String.join("; ", prescription.alembicCommands());
                yield new Finding(DiagnoserKind.ALEMBIC_DRIFT, withWarnings(diagnosis, placed.warnings()),
                        placed.steps(), commands + ", then restart " + signal.workload().key() + " and verify" + at,
                        database, signal.container());
            }
            case HEALTHY -> new Finding(DiagnoserKind.ALEMBIC_DRIFT, diagnosis, List.of(),
                    "the database is at head with every revision's effect present" + at
                            + ": the crash is not the migrations' doing, a person should look", database,
                    signal.container());
            case NEEDS_HUMAN, BAD_INPUT -> new Finding(DiagnoserKind.ALEMBIC_DRIFT, diagnosis, List.of(),
                    "a person must decide" + at + ": " + diagnosis.reason(), database, signal.container());
        };
    }

    private static Finding blocked(Signal signal, DatabaseRef database, Blocked blocked) {
        return new Finding(DiagnoserKind.ALEMBIC_DRIFT, Diagnosis.needsHuman(blocked.blocker()), List.of(),
                "a person must decide: " + blocked.blocker().text(), database, signal.container());
    }

    private static Diagnosis withWarnings(Diagnosis d, List<String> more) {
        if (more.isEmpty()) {
            return d;
        }
        List<String> warnings = new ArrayList<>(d.warnings());
        warnings.addAll(more);
        return new Diagnosis(d.verdict(), d.reason(), d.versionRows(), d.heads(), d.revisions(), d.blockers(),
                d.reasoning(), warnings);
    }

    static String shortId(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
