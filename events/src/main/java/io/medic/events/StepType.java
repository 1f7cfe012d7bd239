package io.medic.events;

/**
 * The one table of step types: each step record's wire name (the {@code type} field of its JSON) and
 * whether running it writes to the database or the cluster, and whether it is about the plan's database (reads or
 * writes it, and so is what a rehearsal runs on the scratch copy). {@link #of} is an exhaustive switch over the
 * sealed {@link Step}, so a new step record does not compile until it has a row here.
 */
public enum StepType {
    VERIFY_PRECONDITION("verify-precondition", Step.VerifyPrecondition.class, false, true),
    ALEMBIC_STAMP("alembic-stamp", Step.AlembicStamp.class, true, true),
    ALEMBIC_UPGRADE("alembic-upgrade", Step.AlembicUpgrade.class, true, true),
    RESTART_WORKLOAD("restart-workload", Step.RestartWorkload.class, true, false),
    AWAIT_ROLLOUT("await-rollout", Step.AwaitRollout.class, false, false),
    VERIFY_HTTP("verify-http", Step.VerifyHttp.class, false, false),
    VERIFY_POSTCONDITION("verify-postcondition", Step.VerifyPostcondition.class, false, true),
    ROLL_FORWARD_IMAGE("roll-forward-image", Step.RollForwardImage.class, true, false);

    private final String wireName;
    private final Class<? extends Step> recordClass;
    private final boolean writes;
    private final boolean aboutTheDatabase;

    StepType(String wireName, Class<? extends Step> recordClass, boolean writes, boolean aboutTheDatabase) {
        this.wireName = wireName;
        this.recordClass = recordClass;
        this.writes = writes;
        this.aboutTheDatabase = aboutTheDatabase;
    }

    public static StepType of(Step step) {
        return switch (step) {
            case Step.VerifyPrecondition s -> VERIFY_PRECONDITION;
            case Step.AlembicStamp s -> ALEMBIC_STAMP;
            case Step.AlembicUpgrade s -> ALEMBIC_UPGRADE;
            case Step.RestartWorkload s -> RESTART_WORKLOAD;
            case Step.AwaitRollout s -> AWAIT_ROLLOUT;
            case Step.VerifyHttp s -> VERIFY_HTTP;
            case Step.VerifyPostcondition s -> VERIFY_POSTCONDITION;
            case Step.RollForwardImage s -> ROLL_FORWARD_IMAGE;
        };
    }

    /** The {@code type} of the step's JSON, e.g. {@code alembic-stamp}. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends Step> recordClass() {
        return recordClass;
    }

    /** True when running the step changes the database or the cluster (a dry run skips it). */
    public boolean writes() {
        return writes;
    }

    /** True for the steps that read or write the plan's database: the ones a rehearsal runs on its scratch copy. */
    public boolean aboutTheDatabase() {
        return aboutTheDatabase;
    }
}
