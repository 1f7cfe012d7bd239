package io.medic.doctor.scenario;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Verdict;

import java.util.List;

/**
 * A named database state built with real Alembic plus SQL on a copy of one fixture form, with the
 * verdict a correct engine must give and why.
 *
 * @param verdictSource whether the verdict follows directly from issue 3 or is a judgement call proposed here
 * @param claim         what the setup must leave behind (checked by BasketballFixtureIT, before any engine runs)
 * @param survivors     data that must read the same after the plan ran (checked for AUTO_PLAN)
 * @param referencePlan for AUTO_PLAN, one plan known to be right, as Medic would print it; BasketballFixtureIT
 *                      proves it with real Alembic. The engine may find another: only the outcome is checked.
 * @param culprits      for NEEDS_HUMAN, the names the diagnosis must mention (in its reason, reasoning, warnings
 *                      or revision evidence) so that a person knows what to decide
 */
public record Scenario(String name, FixtureForm form, Verdict expected, VerdictSource verdictSource, String rationale,
                       Setup setup, StateClaim claim, List<Survivor> survivors, List<String> referencePlan,
                       List<String> culprits) {

    public Scenario {
        survivors = List.copyOf(survivors);
        referencePlan = List.copyOf(referencePlan);
        culprits = List.copyOf(culprits);
        if ((expected == Verdict.AUTO_PLAN) == referencePlan.isEmpty()) {
            throw new IllegalArgumentException(name + ": a reference plan is given exactly for AUTO_PLAN scenarios");
        }
        if ((expected == Verdict.NEEDS_HUMAN) == culprits.isEmpty()) {
            throw new IllegalArgumentException(name + ": culprits are named exactly for NEEDS_HUMAN scenarios");
        }
    }

    public enum VerdictSource {
        /** Follows directly from issue 3's definitions (or is stated there). */
        SETTLED,
        /** Proposed with the rationale; the lead decides. */
        PROPOSED
    }

    /** Builds the state on an empty database bound to the project. */
    @FunctionalInterface
    public interface Setup {
        void build(AlembicProject project);
    }

    @Override
    public String toString() {
        return name;
    }
}
