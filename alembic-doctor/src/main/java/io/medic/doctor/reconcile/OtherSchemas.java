package io.medic.doctor.reconcile;

import io.medic.doctor.migration.Operation;

/** Operations on tables of another schema than the diagnosed one, which Medic does not compare. */
public final class OtherSchemas {

    private OtherSchemas() {
    }

    /** True when the operation names a table of another schema ({@code schema="audit"}). */
    public static boolean touch(Operation op) {
        return TableGroups.elsewhere(op);
    }
}
