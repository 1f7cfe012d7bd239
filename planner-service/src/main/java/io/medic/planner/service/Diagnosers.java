package io.medic.planner.service;

import io.medic.events.Signal;
import io.medic.planner.domain.DiagnoserKind;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;

/** Picks the diagnoser for a signal by its signature: one exhaustive switch over {@link DiagnoserKind}. */
@ApplicationScoped
class Diagnosers {

    private final AlembicDriftDiagnoser alembicDrift;
    private final ImageDriftDiagnoser imageDrift;
    private final AdviceDiagnoser advice;

    Diagnosers(AlembicDriftDiagnoser alembicDrift, ImageDriftDiagnoser imageDrift, AdviceDiagnoser advice) {
        this.alembicDrift = alembicDrift;
        this.imageDrift = imageDrift;
        this.advice = advice;
    }

    Finding diagnose(Signal signal, WorkloadFacts facts) {
        Diagnoser diagnoser = switch (DiagnoserKind.of(signal.signature().id())) {
            case ALEMBIC_DRIFT -> alembicDrift;
            case IMAGE_DRIFT -> imageDrift;
            case ADVICE -> advice;
        };
        return diagnoser.diagnose(signal, facts);
    }
}
