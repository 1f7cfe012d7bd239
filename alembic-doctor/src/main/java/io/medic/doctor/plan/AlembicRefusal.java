package io.medic.doctor.plan;

/** Alembic itself would refuse the command (an unknown revision, overlapping heads, an ambiguous head). */
public final class AlembicRefusal extends Exception {
    public AlembicRefusal(String message) {
        super(message);
    }
}
