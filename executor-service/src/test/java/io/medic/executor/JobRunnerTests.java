package io.medic.executor;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.DatabaseProbe;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.ContainerRef;
import io.medic.events.DatabaseRef;
import io.medic.events.Diagnosis;
import io.medic.events.ExecutionPhase;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.SecretKeyRef;
import io.medic.events.Step;
import io.medic.events.WorkloadRef;
import io.medic.executor.client.migration.JobMigrationRunner;
import io.medic.executor.client.migration.MigrationJobs;
import io.medic.executor.client.migration.MigrationRun;
import io.medic.executor.client.migration.MigrationTask;
import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.testing.AlembicProjects;
import io.medic.executor.testing.CrudKubernetesServer;
import io.medic.executor.testing.JobKubelet;
import io.medic.executor.testing.Plans;
import io.medic.executor.testing.TestCluster;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Job runner against the Fabric8 mock API server: the migration Job is built from the container the
 * plan names (a Deployment's app container, an init container, a failed hook Job's template), the test plays
 * its pod to completion, the runner keeps the pod's log and deletes the Job. In the rehearsal the same Job
 * reads the scratch database's URL from a short-lived Secret: run with real Alembic, it migrates the copy,
 * not the live database.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class JobRunnerTests {

    private static final String IMAGE = AlembicProjects.image("branched");

    @Inject
    KubernetesClient client;

    @Inject
    JobMigrationRunner runner;

    @KubernetesTestServer
    KubernetesServer server;

    private static EnvVar urlFromSecret() {
        return new EnvVarBuilder().withName("DATABASE_URL").withNewValueFrom().withNewSecretKeyRef()
                .withName(Plans.SECRET.name()).withKey(Plans.SECRET.key()).endSecretKeyRef().endValueFrom().build();
    }

    /** The pod spec of the incident's workload: everything the migration needs, and things it must not get. */
    private static PodSpec podSpec(Container app, Container init) {
        PodSpecBuilder spec = new PodSpecBuilder()
                .withServiceAccountName("basketball-api")
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withFsGroup(10001L).endSecurityContext()
                .addNewImagePullSecret("registry-credentials")
                .withNodeSelector(Map.of("kubernetes.io/arch", "amd64"))
                .addNewVolume().withName("alembic-config").withNewConfigMap().withName("alembic-ini").endConfigMap().endVolume()
                .addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir().endVolume()
                .withContainers(app);
        if (init != null) {
            spec.withInitContainers(init);
        }
        return spec.build();
    }

    private static Container appContainer(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).withWorkingDir("/app")
                .withCommand("sh", "-c", "alembic upgrade head && exec gunicorn app:app")
                .withEnv(urlFromSecret(), new EnvVarBuilder().withName("LOG_LEVEL").withValue("info").build())
                .addNewEnvFrom().withNewConfigMapRef().withName("basketball-api-settings").endConfigMapRef().endEnvFrom()
                .addNewVolumeMount().withName("alembic-config").withMountPath("/app/alembic.ini").withSubPath("alembic.ini").endVolumeMount()
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false).endSecurityContext()
                .withNewResources().addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi")).endResources()
                .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new io.fabric8.kubernetes.api.model.IntOrString(8000))
                .endHttpGet().endLivenessProbe()
                .addNewPort().withContainerPort(8000).endPort()
                .build();
    }

    private void deployment(String ns, PodSpec spec) {
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("basketball-api").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "basketball-api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "basketball-api").addToAnnotations("prometheus.io/scrape", "true")
                .endMetadata().withSpec(spec).endTemplate().endSpec().build()).create();
    }

    private static Plan plan(String ns, ContainerRef container) {
        return plan(ns, container, Plans.SECRET);
    }

    private static Plan plan(String ns, ContainerRef container, SecretKeyRef secret) {
        WorkloadRef workload = new WorkloadRef(ns, "Deployment", "basketball-api");
        Instant now = Instant.now();
        return new Plan("plan-" + UUID.randomUUID(), "inc-1", workload, container, new DatabaseRef(secret, "public"),
                "alembic-drift", Risk.MEDIUM, "", Diagnosis.needsHuman(new Blocker.NoRemedy("x")),
                List.of(new Step.AlembicUpgrade("019", List.of("018"), List.of("019"), List.of("019"))), null, now, now,
                now.plusSeconds(600), null).sealed();
    }

    private static MigrationTask live(Plan plan, String url) {
        return new MigrationTask(plan, ExecutionPhase.LIVE, 1, "019", DatabaseUrl.parse(url));
    }

    private Job onlyJob(JobKubelet kubelet) {
        assertThat(kubelet.jobs()).hasSize(1);
        return kubelet.jobs().get(0);
    }

    private void assertRunsLikeThePod(Job job, Container from, PodSpec spec, Plan plan) {
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "medic")
                .containsKeys(MigrationJobs.LABEL_PLAN, MigrationJobs.LABEL_STEP, MigrationJobs.LABEL_PHASE)
                .doesNotContainKey("app");
        assertThat(job.getMetadata().getAnnotations()).containsEntry(MigrationJobs.ANNOTATION_PLAN_ID, plan.id());
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo(spec.getServiceAccountName());
        assertThat(pod.getSecurityContext()).isEqualTo(spec.getSecurityContext());
        assertThat(pod.getImagePullSecrets()).isEqualTo(spec.getImagePullSecrets());
        assertThat(pod.getNodeSelector()).isEqualTo(spec.getNodeSelector());
        assertThat(pod.getVolumes()).as("the volumes the container mounts, no others")
                .extracting(v -> v.getName()).containsExactly("alembic-config");
        assertThat(pod.getContainers()).hasSize(1);
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(from.getImage());
        assertThat(c.getCommand()).containsExactly("alembic", "upgrade", "019");
        assertThat(c.getArgs()).isEmpty();
        assertThat(c.getEnv()).isEqualTo(from.getEnv());
        assertThat(c.getEnvFrom()).isEqualTo(from.getEnvFrom());
        assertThat(c.getVolumeMounts()).isEqualTo(from.getVolumeMounts());
        assertThat(c.getWorkingDir()).isEqualTo(from.getWorkingDir());
        assertThat(c.getSecurityContext()).isEqualTo(from.getSecurityContext());
        assertThat(c.getResources()).isEqualTo(from.getResources());
        assertThat(c.getLivenessProbe()).as("a probe would kill the migration").isNull();
        assertThat(c.getPorts()).isNullOrEmpty();
    }

    private void assertDeleted(String ns, Job job) {
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get())
                .as("the Job is deleted after it ended").isNull();
    }

    @Test
    void buildsTheJobFromADeploymentsAppContainerKeepsItsLogAndDeletesIt() {
        String ns = TestCluster.namespace("job-app");
        Container app = appContainer("api", IMAGE);
        PodSpec spec = podSpec(app, null);
        deployment(ns, spec);
        Plan plan = plan(ns, new ContainerRef("api", ContainerKind.APP, IMAGE, "branched", "basketball-api-1", null));
        try (JobKubelet kubelet = new JobKubelet(client, server, null, true).start(ns)) {
            MigrationRun run = runner.upgrade(live(plan, "postgresql://app:pw@db:5432/app"));

            assertThat(run.succeeded()).as(run.detail()).isTrue();
            assertThat(run.output()).isEqualTo(JobKubelet.CANNED_LOG);
            Job job = onlyJob(kubelet);
            assertRunsLikeThePod(job, app, spec, plan);
            assertThat(job.getMetadata().getAnnotations().get("medic.io/source"))
                    .isEqualTo("container api of Deployment " + ns + "/basketball-api");
            assertDeleted(ns, job);
        }
    }

    @Test
    void buildsTheJobFromAnInitContainer() {
        String ns = TestCluster.namespace("job-init");
        Container init = appContainer("migrate-db", AlembicProjects.image("linear"));
        init.setCommand(List.of("alembic", "upgrade", "head"));
        PodSpec spec = podSpec(appContainer("api", IMAGE), init);
        deployment(ns, spec);
        Plan plan = plan(ns, new ContainerRef("migrate-db", ContainerKind.INIT, init.getImage(), "linear", "basketball-api-1", null));
        try (JobKubelet kubelet = new JobKubelet(client, server, null, true).start(ns)) {
            MigrationRun run = runner.upgrade(live(plan, "postgresql://app:pw@db:5432/app"));

            assertThat(run.succeeded()).as(run.detail()).isTrue();
            Job job = onlyJob(kubelet);
            assertRunsLikeThePod(job, init, spec, plan);
            assertThat(job.getSpec().getTemplate().getSpec().getInitContainers()).isNullOrEmpty();
            assertDeleted(ns, job);
        }
    }

    @Test
    void buildsTheJobFromAFailedHookJobsTemplateAndLeavesThatJobAlone() {
        String ns = TestCluster.namespace("job-hook");
        Container migrate = appContainer("migrate", IMAGE);
        migrate.setCommand(List.of("alembic", "upgrade", "head"));
        PodSpec spec = podSpec(migrate, null);
        spec.setRestartPolicy("Never");
        Job hook = new JobBuilder().withNewMetadata().withName("basketball-api-migrate").withNamespace(ns)
                .addToAnnotations("helm.sh/hook", "pre-install,pre-upgrade").addToLabels("app", "basketball-api").endMetadata()
                .withNewSpec().withBackoffLimit(3).withNewTemplate().withNewMetadata().addToLabels("app", "basketball-api").endMetadata()
                .withSpec(spec).endTemplate().endSpec().build();
        client.batch().v1().jobs().inNamespace(ns).resource(hook).create();
        Plan plan = plan(ns, new ContainerRef("migrate", ContainerKind.JOB, IMAGE, "branched", "basketball-api-migrate-abcde",
                "basketball-api-migrate"));
        try (JobKubelet kubelet = new JobKubelet(client, server, null, true).start(ns)) {
            MigrationRun run = runner.upgrade(live(plan, "postgresql://app:pw@db:5432/app"));

            assertThat(run.succeeded()).as(run.detail()).isTrue();
            Job job = onlyJob(kubelet);
            assertRunsLikeThePod(job, migrate, spec, plan);
            assertThat(job.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/hook");
            assertThat(job.getMetadata().getAnnotations().get("medic.io/source"))
                    .isEqualTo("container migrate of Job " + ns + "/basketball-api-migrate");
            assertDeleted(ns, job);
            assertThat(client.batch().v1().jobs().inNamespace(ns).withName("basketball-api-migrate").get())
                    .as("the failed hook Job stays for people to read").isNotNull();
        }
    }

    @Test
    void aFailedJobIsAFailedRunWithItsLog() {
        String ns = TestCluster.namespace("job-fails");
        deployment(ns, podSpec(appContainer("api", IMAGE), null));
        Plan plan = plan(ns, new ContainerRef("api", ContainerKind.APP, IMAGE, "branched", "basketball-api-1", null));
        try (JobKubelet kubelet = new JobKubelet(client, server, null, false).start(ns)) {
            MigrationRun run = runner.upgrade(live(plan, "postgresql://app:pw@db:5432/app"));

            assertThat(run.succeeded()).isFalse();
            assertThat(run.detail()).contains("failed", "BackoffLimitExceeded");
            assertThat(run.output()).isEqualTo(JobKubelet.CANNED_LOG);
            assertDeleted(ns, onlyJob(kubelet));
        }
    }

    @Test
    void aJobLeftByACrashedExecutorIsWaitedForNotStartedAgain() {
        String ns = TestCluster.namespace("job-left");
        deployment(ns, podSpec(appContainer("api", IMAGE), null));
        Plan plan = plan(ns, new ContainerRef("api", ContainerKind.APP, IMAGE, "branched", "basketball-api-1", null));
        MigrationTask task = live(plan, "postgresql://app:pw@db:5432/app");
        try (JobKubelet kubelet = new JobKubelet(client, server, null, true).start(ns)) {
            client.batch().v1().jobs().inNamespace(ns).resource(runner.jobFor(task)).create();

            MigrationRun previous = runner.previousAttempt(task).orElseThrow();

            assertThat(previous.succeeded()).isTrue();
            assertThat(previous.output()).isEqualTo(JobKubelet.CANNED_LOG);
            assertDeleted(ns, onlyJob(kubelet));
            assertThat(runner.previousAttempt(task)).as("gone once collected").isEmpty();
        }
    }

    @Test
    void inTheRehearsalTheJobMigratesTheScratchCopyNotTheLiveDatabase(@TempDir Path tmp) throws Exception {
        String ns = TestCluster.namespace("job-rehearsal");
        try (ThrowawayDatabase liveDb = new ThrowawayDatabase("job live").open();
             ThrowawayDatabase copyDb = new ThrowawayDatabase("job copy").open()) {
            AlembicProject liveProject = AlembicProject.copyOf(FixtureForm.BRANCHED, tmp.resolve("live"), liveDb);
            AlembicProject copyProject = AlembicProject.copyOf(FixtureForm.BRANCHED, tmp.resolve("copy"), copyDb);
            liveProject.upgrade("018");
            copyProject.upgrade("018");
            SecretKeyRef secret = new SecretKeyRef("basketball-env", "DATABASE_URL");
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(secret.name())
                    .endMetadata().addToStringData(secret.key(), liveDb.url()).build()).create();
            // the URL reaches the app through envFrom of the whole Secret, as many charts do it
            Container app = new ContainerBuilder(appContainer("api", IMAGE)).withEnv(new EnvVarBuilder().withName("LOG_LEVEL")
                    .withValue("info").build()).withEnvFrom().addNewEnvFrom().withNewSecretRef().withName(secret.name())
                    .endSecretRef().endEnvFrom().build();
            deployment(ns, podSpec(app, null));
            Plan plan = plan(ns, new ContainerRef("api", ContainerKind.APP, IMAGE, "branched", "basketball-api-1", null), secret);
            MigrationTask rehearsal = new MigrationTask(plan, ExecutionPhase.REHEARSAL, 1, "019", DatabaseUrl.parse(copyDb.url()));
            Path project = io.medic.executor.testing.Fixtures.copy(AlembicProject.fixtureDirectory(FixtureForm.BRANCHED), tmp.resolve("image"));

            try (JobKubelet kubelet = new JobKubelet(client, server, project, true).start(ns)) {
                MigrationRun run = runner.upgrade(rehearsal);

                assertThat(run.succeeded()).as(run.detail() + "\n" + run.output()).isTrue();
                assertThat(run.output()).contains("Running upgrade 018 -> 019");
                Job job = onlyJob(kubelet);
                EnvVar url = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getName().equals("DATABASE_URL")).findFirst().orElseThrow();
                assertThat(url.getValueFrom().getSecretKeyRef().getName()).isNotEqualTo(Plans.SECRET.name())
                        .startsWith("medic-").endsWith("-db");
                assertThat(client.secrets().inNamespace(ns).withName(url.getValueFrom().getSecretKeyRef().getName()).get())
                        .as("the scratch URL's Secret is deleted with the Job").isNull();
                assertDeleted(ns, job);
            }
            assertThat(new DatabaseProbe(copyDb).versionRows()).contains(List.of("019"));
            assertThat(new DatabaseProbe(liveDb).versionRows()).as("the live database").contains(List.of("018"));
        }
    }

    @Test
    void aWorkloadWhoseUrlIsNotInAnEnvVarCannotBeRehearsedWithAJob() {
        String ns = TestCluster.namespace("job-no-env");
        Container app = new ContainerBuilder(appContainer("api", IMAGE))
                .withEnv(new EnvVarBuilder().withName("DATABASE_URL_FILE").withValue("/secrets/url").build()).build();
        deployment(ns, podSpec(app, null));
        Plan plan = plan(ns, new ContainerRef("api", ContainerKind.APP, IMAGE, "branched", "basketball-api-1", null));

        assertThat(runner.cannotRehearse(plan)).get().asString()
                .contains("no env var of container api of Deployment " + ns + "/basketball-api takes the database URL");
    }
}
