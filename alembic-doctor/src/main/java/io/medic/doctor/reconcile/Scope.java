package io.medic.doctor.reconcile;

import io.medic.doctor.migration.Operation;

/** Which operations are about the diagnosed schema. */
public final class Scope {

    private Scope() {
    }

    /** True when the operation names a table of another schema ({@code schema="audit"}). */
    public static boolean elsewhere(Operation op) {
        return TableGroups.elsewhere(op);
    }
}
