package io.medic.planner.domain;

import io.medic.events.Risk;
import io.medic.events.Step;

import java.util.List;

/**
 * A plan's risk, from its steps alone (one place, so the policy and the people see the same): no steps is
 * advice (NONE); stamps, restarts and checks change no schema (LOW); a migration runs DDL (MEDIUM); an image
 * change runs code nobody rehearsed (HIGH).
 */
public final class RiskRules {

    private RiskRules() {
    }

    public static Risk of(List<Step> steps) {
        Risk risk = Risk.NONE;
        for (Step step : steps) {
            Risk stepRisk = switch (step) {
                case Step.VerifyPrecondition s -> Risk.LOW;
                case Step.AlembicStamp s -> Risk.LOW;
                case Step.RestartWorkload s -> Risk.LOW;
                case Step.AwaitRollout s -> Risk.LOW;
                case Step.VerifyHttp s -> Risk.LOW;
                case Step.VerifyPostcondition s -> Risk.LOW;
                case Step.AlembicUpgrade s -> Risk.MEDIUM;
                case Step.RollForwardImage s -> Risk.HIGH;
            };
            if (stepRisk.compareTo(risk) > 0) {
                risk = stepRisk;
            }
        }
        return risk;
    }
}
