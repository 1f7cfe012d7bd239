package io.medic.planner.service;

import io.medic.events.Signal;
import io.medic.planner.domain.Finding;
import io.medic.planner.domain.WorkloadFacts;

/** Turns one signal into a finding. One small class per {@link io.medic.planner.domain.DiagnoserKind}. */
interface Diagnoser {

    /** Never throws for bad input: what cannot be read becomes a finding that names the reason. */
    Finding diagnose(Signal signal, WorkloadFacts facts);
}
