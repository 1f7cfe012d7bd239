package io.medic.planner.service;

import io.medic.events.Blocker;
import io.medic.events.Diagnosis;
import io.medic.events.Signal;
import io.medic.planner.domain.DiagnoserKind;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

/** A signature no diagnoser remedies: advice only, no steps, so the evidence still reaches a person. */
@ApplicationScoped
class AdviceDiagnoser implements Diagnoser {

    @Override
    public Finding diagnose(Signal signal, WorkloadFacts facts) {
        String summary = "%s in %s container %s of %s %s: no automatic remedy, a person should look"
                .formatted(signal.signature().id(), signal.container().kind().name().toLowerCase(Locale.ROOT),
                        signal.container().name(), signal.workload().kind(), signal.workload().key());
        return new Finding(DiagnoserKind.ADVICE, Diagnosis.needsHuman(new Blocker.NoRemedy(signal.signature().id())),
                List.of(), summary, null, signal.container());
    }
}
