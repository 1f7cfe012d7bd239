package io.medic.planner.domain;

/**
 * The annotations the planner reads, on the workload (and, for {@link #AUTO_APPROVE}, its namespace). The
 * detector carries {@code medic.io/issue}, {@code medic.io/database-secret} and {@code medic.io/migrations}
 * in the signal's links; the planner reads these others from the live workload.
 */
public final class PlannerAnnotations {

    /**
     * The Secret (and key) holding the workload's database URL. The signal carries it too; the planner reads a Secret
     * only when the live workload names that same one, so a record on the signals topic cannot make it read another.
     */
    public static final String DATABASE_SECRET = "medic.io/database-secret";
    /** The path {@code VerifyHttp} checks after the rollout, e.g. {@code /health}; without it, no HTTP check. */
    public static final String HEALTH_PATH = "medic.io/health-path";
    /** The port of the health check; default: the first containerPort of the app container. */
    public static final String HEALTH_PORT = "medic.io/health-port";
    /** How an image reference is made from a commit, e.g. {@code registry/basketball-api:{commit7}}. */
    public static final String IMAGE_TEMPLATE = "medic.io/image-template";
    /** Narrows automatic approval for a namespace or workload: {@code none}, {@code low} or {@code medium}. */
    public static final String AUTO_APPROVE = "medic.io/auto-approve";
    /** The schema holding the tables and {@code alembic_version}; default {@code public}. */
    public static final String DATABASE_SCHEMA = "medic.io/database-schema";
    /** Argo CD's resource tracking annotation: the workload is managed by an Argo CD Application. */
    public static final String ARGOCD_TRACKING_ID = "argocd.argoproj.io/tracking-id";
    /** Argo CD's default tracking label (also Helm's release label): an Application of that name may own it. */
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private PlannerAnnotations() {
    }
}
