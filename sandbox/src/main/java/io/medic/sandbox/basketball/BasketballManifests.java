package io.medic.sandbox.basketball;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The basketball-api's manifests, as its Helm chart would render them: the Deployment (container {@code api},
 * port {@code http} 8080, {@code DATABASE_URL} from the Secret, {@code POD_IP} from the downward API,
 * readiness on {@code /health}) with Medic's annotations, the database Secret, and the two other places
 * the migrations can run: an init container, or a pre-install/pre-upgrade hook Job.
 */
public final class BasketballManifests {

    /** Where the migrations run. */
    public enum Variant {
        /** The app's boot runs {@code alembic upgrade head} (the incident's deployment). */
        MIGRATE_ON_BOOT,
        /** An init container {@code migrate} runs {@code alembic upgrade head}; the app only serves. */
        INIT_CONTAINER,
        /** A Helm pre-install/pre-upgrade hook Job {@code basketball-api-migrate} runs them; the app only serves. */
        HOOK_JOB
    }

    public static final String NAME = "basketball-api";
    public static final String CONTAINER = "api";
    public static final String MIGRATE_CONTAINER = "migrate";
    public static final String HOOK_JOB_NAME = "basketball-api-migrate";
    public static final String SECRET = "basketball-db";
    public static final String SECRET_KEY = "url";
    public static final int PORT = 8080;
    public static final String HEALTH_PATH = "/health";
    public static final String ISSUE = "forgejo_admin/basketball-api#183";

    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", NAME);

    private final String migrationsSource;
    private final String namespace;
    private final String issue;

    BasketballManifests(String migrationsSource) {
        this(migrationsSource, BasketballApi.NAMESPACE, ISSUE);
    }

    private BasketballManifests(String migrationsSource, String namespace, String issue) {
        this.migrationsSource = migrationsSource;
        this.namespace = namespace;
        this.issue = issue;
    }

    /** The same manifests in another namespace (tests that share a sandbox). */
    public BasketballManifests inNamespace(String other) {
        return new BasketballManifests(migrationsSource, other, issue);
    }

    /** The same manifests linked to another issue ({@code medic.io/issue}). */
    public BasketballManifests withIssue(String other) {
        return new BasketballManifests(migrationsSource, namespace, other);
    }

    public String issue() {
        return issue;
    }

    public String namespace() {
        return namespace;
    }

    /** Medic's annotations: the issue, the database Secret (a reference, never the URL), the migrations, the health path. */
    public Map<String, String> medicAnnotations() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("medic.io/issue", issue);
        a.put("medic.io/database-secret", SECRET + "/" + SECRET_KEY);
        a.put("medic.io/migrations", migrationsSource);
        a.put("medic.io/health-path", HEALTH_PATH);
        return a;
    }

    public Namespace namespaceObject() {
        return new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
    }

    /** The Secret {@code basketball-db} whose key {@code url} holds the database URL. */
    public Secret databaseSecret(String databaseUrl) {
        return new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace(namespace).endMetadata()
                .withType("Opaque")
                .addToData(SECRET_KEY, Base64.getEncoder().encodeToString(databaseUrl.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    public Deployment deployment(String image, Variant variant) {
        Container api = new ContainerBuilder()
                .withName(CONTAINER).withImage(image)
                .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP").endPort()
                .withEnv(databaseUrl(), new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                                .withApiVersion("v1").withFieldPath("status.podIP").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("PORT").withValue(Integer.toString(PORT)).build())
                .withNewReadinessProbe().withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(3).withSuccessThreshold(1).endReadinessProbe()
                .build();
        if (variant != Variant.MIGRATE_ON_BOOT) {
            api.setCommand(List.of("/usr/bin/python3", "app.py", "serve"));
        }
        Map<String, String> labels = new LinkedHashMap<>(SELECTOR);
        Map<String, String> annotations = medicAnnotations();
        if (variant == Variant.HOOK_JOB) {
            labels.put("app.kubernetes.io/managed-by", "Helm");
            annotations.put("meta.helm.sh/release-name", NAME);
            annotations.put("meta.helm.sh/release-namespace", namespace);
        }
        DeploymentBuilder d = new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(namespace).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(1).withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                .withNewSelector().withMatchLabels(SELECTOR).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata()
                .withNewSpec().withRestartPolicy("Always").withTerminationGracePeriodSeconds(10L)
                .withContainers(api)
                .endSpec().endTemplate().endSpec();
        if (variant == Variant.INIT_CONTAINER) {
            d.editSpec().editTemplate().editSpec().withInitContainers(migrate(image)).endSpec().endTemplate().endSpec();
        }
        return d.build();
    }

    /** The Helm hook Job that runs the migrations before an install or an upgrade. */
    public Job hookJob(String image) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("helm.sh/hook", "pre-install,pre-upgrade");
        annotations.put("helm.sh/hook-weight", "-5");
        annotations.put("helm.sh/hook-delete-policy", "before-hook-creation");
        annotations.put("medic.io/workload", "Deployment/" + NAME);
        annotations.putAll(medicAnnotations());
        return new JobBuilder()
                .withNewMetadata().withName(HOOK_JOB_NAME).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/name", NAME).addToLabels("app.kubernetes.io/managed-by", "Helm")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withBackoffLimit(2)
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", NAME + "-migrate").endMetadata()
                .withNewSpec().withRestartPolicy("Never").withContainers(migrate(image)).endSpec()
                .endTemplate().endSpec()
                .build();
    }

    /** Everything to apply, in order: the namespace, the Secret, the hook Job (HOOK_JOB only), the Deployment. */
    public List<HasMetadata> all(String image, String databaseUrl, Variant variant) {
        List<HasMetadata> objects = new ArrayList<>(List.of(namespaceObject(), databaseSecret(databaseUrl)));
        if (variant == Variant.HOOK_JOB) {
            objects.add(hookJob(image));
        }
        objects.add(deployment(image, variant));
        return objects;
    }

    private Container migrate(String image) {
        return new ContainerBuilder().withName(MIGRATE_CONTAINER).withImage(image)
                .withCommand("alembic", "upgrade", "head").withEnv(databaseUrl()).build();
    }

    private static EnvVar databaseUrl() {
        return new EnvVarBuilder().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef()
                .withName(SECRET).withKey(SECRET_KEY).withOptional(false).endSecretKeyRef().endValueFrom().build();
    }
}
