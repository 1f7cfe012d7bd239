package io.medic.sandbox.basketball;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.medic.sandbox.Cluster;
import io.medic.sandbox.Sandbox;
import io.medic.sandbox.SandboxOptions;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.medic.sandbox.basketball.BasketballManifests.CONTAINER;
import static io.medic.sandbox.basketball.BasketballManifests.MIGRATE_CONTAINER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real basketball-api (Python, psycopg2, real Alembic) run by the sandbox on real PostgreSQL: healthy on
 * a fresh database; crash-looping on the incident's database, as the seed describes, in each place the
 * migrations can run.
 */
class BasketballApiTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ThrowawayDatabase incident = new ThrowawayDatabase("incident");
    private static final ThrowawayDatabase fresh = new ThrowawayDatabase("fresh");
    private static final ThrowawayDatabase oldImage = new ThrowawayDatabase("old-image");
    private static final ThrowawayDatabase initContainer = new ThrowawayDatabase("init-container");
    private static final ThrowawayDatabase hookJob = new ThrowawayDatabase("hook-job");
    private static Sandbox sandbox;
    private static BasketballApi api;
    private static KubernetesClient client;
    private static Instant deployed;

    /** Every scenario is deployed at once, each in its namespace with its database (a copy of the incident's where it needs one). */
    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withBackOffFactor(0.05));
        api = BasketballApi.install(sandbox);
        client = sandbox.client();
        fresh.open();
        incident.open();
        api.incidentDatabase(incident.url(), ChainForm.LINEAR);
        for (ThrowawayDatabase copy : new ThrowawayDatabase[]{oldImage, initContainer, hookJob}) {
            copy.open();
            Databases.replaceWithCopy(copy, incident);
        }
        deployed = Instant.now();
        deploy("fresh", BasketballApi.CURRENT_IMAGE, fresh, BasketballManifests.Variant.MIGRATE_ON_BOOT);
        deploy("incident", BasketballApi.CURRENT_IMAGE, incident, BasketballManifests.Variant.MIGRATE_ON_BOOT);
        deploy("old-image", BasketballApi.OLD_IMAGE, oldImage, BasketballManifests.Variant.MIGRATE_ON_BOOT);
        deploy("init-container", BasketballApi.CURRENT_IMAGE, initContainer, BasketballManifests.Variant.INIT_CONTAINER);
        deploy("hook-job", BasketballApi.CURRENT_IMAGE, hookJob, BasketballManifests.Variant.HOOK_JOB);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        for (ThrowawayDatabase db : new ThrowawayDatabase[]{incident, fresh, oldImage, initContainer, hookJob}) {
            db.close();
        }
    }

    @Test
    void theCurrentImageMigratesAFreshDatabaseToHeadBecomesReadyAndServesTheTeams() throws Exception {
        ThrowawayDatabase db = fresh;
        Pod pod = Cluster.awaitOnlyPod(client, "fresh", TIMEOUT, Cluster::ready);
        System.out.printf("basketball-api:15f3047 Ready %.1f s after the Deployment was created%n",
                Duration.between(deployed, Instant.now()).toMillis() / 1000.0);
        assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("024");
        assertThat(Cluster.restarts(pod, CONTAINER)).isZero();
        assertThat(pod.getStatus().getPodIP()).startsWith("127.").isNotEqualTo("127.0.0.1");

        String base = "http://" + pod.getStatus().getPodIP() + ":" + BasketballManifests.PORT;
        HttpResponse<String> health = get(base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\": \"ok\"").contains("1.11.0");
        assertThat(get(base + "/public/teams").body()).isEqualTo("[]");

        IncidentDatabase.insertLeague(db.url());
        String teams = get(base + "/public/teams").body();
        assertThat(teams).contains("\"name\": \"Westside Kings\"").contains("\"last_name\": \"Okafor\"")
                .contains("\"name\": \"Eastside Queens\"").contains("\"jersey\": 7");
        assertThat(sandbox.logsOf("fresh", pod.getMetadata().getName(), CONTAINER, false))
                .contains("Running upgrade 023 -> 024").contains("serving on http://" + pod.getStatus().getPodIP() + ":8080")
                .doesNotContain(db.url()).doesNotContain(db.name());
    }

    @Test
    void theCurrentImageCrashLoopsOnTheIncidentsDatabaseWithDuplicateColumn() throws Exception {
        ThrowawayDatabase db = incident;
        Pod crashLooping = Cluster.awaitOnlyPod(client, "incident", TIMEOUT,
                p -> "CrashLoopBackOff".equals(Cluster.waitingReason(p, CONTAINER)) && Cluster.restarts(p, CONTAINER) >= 1);
        System.out.printf("basketball-api:15f3047 in CrashLoopBackOff %.1f s after the Deployment was created%n",
                Duration.between(deployed, Instant.now()).toMillis() / 1000.0);
        String name = crashLooping.getMetadata().getName();
        Pod pod = Cluster.awaitPod(client, "incident", name, TIMEOUT,
                p -> Cluster.restarts(p, CONTAINER) >= 3 && "CrashLoopBackOff".equals(Cluster.waitingReason(p, CONTAINER)));
        ContainerStatus api = Cluster.container(pod, CONTAINER).orElseThrow();
        ContainerStateTerminated last = api.getLastState().getTerminated();
        assertThat(last.getExitCode()).isEqualTo(1);
        assertThat(last.getReason()).isEqualTo("Error");
        assertThat(last.getFinishedAt()).isNotNull();
        assertThat(api.getState().getWaiting().getMessage()).contains("back-off").contains("restarting failed container=api");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(Cluster.condition(pod, "Ready")).isEqualTo("False");

        // what the detector reads, through a real Fabric8 client and the exact request it sends
        String previous = client.pods().inNamespace("incident").withName(name).inContainer(CONTAINER).terminated().tailingLines(200).getLog();
        assertThat(previous).contains("DuplicateColumn").contains("column \"custom_notes\" of relation \"players\" already exists")
                .doesNotContain(db.url());
        HttpResponse<String> raw = get(sandbox.masterUrl() + "/api/v1/namespaces/incident/pods/" + name
                + "/log?pretty=false&container=api&previous=true&tailLines=200");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("psycopg2.errors.DuplicateColumn");
        // every boot's migrations roll back: the database is still the incident's
        assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("018");
        assertThat(db.column("SELECT to_regclass('public.player_teams')::text")).containsOnlyNulls();
        assertThat(db.column("SELECT custom_notes FROM players WHERE id = 1")).containsExactly("prefers the left wing");
    }

    @Test
    void theOldImageCannotLocateRevision018() throws Exception {
        Pod pod = Cluster.awaitOnlyPod(client, "old-image", TIMEOUT,
                p -> Cluster.restarts(p, CONTAINER) >= 2 && "CrashLoopBackOff".equals(Cluster.waitingReason(p, CONTAINER)));
        assertThat(Cluster.container(pod, CONTAINER).orElseThrow().getImage()).isEqualTo(BasketballApi.OLD_IMAGE);
        String previous = client.pods().inNamespace("old-image").withName(pod.getMetadata().getName()).inContainer(CONTAINER)
                .terminated().getLog();
        assertThat(previous).contains("Can't locate revision identified by '018'");
        assertThat(Cluster.container(pod, CONTAINER).orElseThrow().getLastState().getTerminated().getExitCode()).isEqualTo(1);
    }

    @Test
    void withTheMigrationsInAnInitContainerTheInitContainerCrashLoops() throws Exception {
        Pod pod = Cluster.awaitOnlyPod(client, "init-container", TIMEOUT,
                p -> Cluster.restarts(p, MIGRATE_CONTAINER) >= 2 && "CrashLoopBackOff".equals(Cluster.waitingReason(p, MIGRATE_CONTAINER)));
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(Cluster.condition(pod, "Initialized")).isEqualTo("False");
        assertThat(Cluster.waitingReason(pod, CONTAINER)).isEqualTo("PodInitializing");
        ContainerStatus migrate = pod.getStatus().getInitContainerStatuses().get(0);
        assertThat(migrate.getName()).isEqualTo(MIGRATE_CONTAINER);
        assertThat(migrate.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(client.pods().inNamespace("init-container").withName(pod.getMetadata().getName()).inContainer(MIGRATE_CONTAINER)
                .terminated().getLog()).contains("DuplicateColumn");
    }

    @Test
    void withTheMigrationsInAHookJobTheJobFailsWithBackoffLimitExceeded() throws Exception {
        Job job = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> client.batch().v1().jobs().inNamespace("hook-job").withName(BasketballManifests.HOOK_JOB_NAME).get(),
                j -> j.getStatus() != null && j.getStatus().getConditions().stream()
                        .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(job.getStatus().getConditions()).anyMatch(c -> "Failed".equals(c.getType()) && "BackoffLimitExceeded".equals(c.getReason()));
        assertThat(job.getStatus().getFailed()).isEqualTo(3);
        Pod failed = Cluster.pods(client, "hook-job").stream().filter(p -> p.getMetadata().getName().startsWith(BasketballManifests.HOOK_JOB_NAME))
                .findFirst().orElseThrow();
        assertThat(failed.getMetadata().getLabels()).containsEntry("job-name", BasketballManifests.HOOK_JOB_NAME);
        assertThat(Cluster.phase(failed)).isEqualTo("Failed");
        assertThat(client.pods().inNamespace("hook-job").withName(failed.getMetadata().getName()).getLog()).contains("DuplicateColumn");
    }

    @Test
    void theDeploymentCarriesMedicsAnnotationsAndItsMigrationSourceCanBeCloned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache)
            throws Exception {
        var deployment = client.apps().deployments().inNamespace("incident").withName(BasketballManifests.NAME).get();
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry("medic.io/issue", "forgejo_admin/basketball-api#183")
                .containsEntry("medic.io/database-secret", "basketball-db/url")
                .containsEntry("medic.io/health-path", "/health")
                .containsEntry("medic.io/migrations", "git:" + api.repositoryUrl() + "#versions");
        assertThat(api.repositoryUrl()).startsWith("file:/").endsWith("basketball-api.git");
        var secret = client.secrets().inNamespace("incident").withName(BasketballManifests.SECRET).get();
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("url")))).isEqualTo(incident.url());
        // as the planner's git source reads it: a bare clone, the image's tag resolved as a commit
        try (org.eclipse.jgit.api.Git clone = org.eclipse.jgit.api.Git.cloneRepository().setURI(api.repositoryUrl()).setBare(true)
                .setGitDir(cache.resolve("clone.git").toFile()).call()) {
            var repo = clone.getRepository();
            assertThat(repo.resolve(BasketballApi.CURRENT_COMMIT).name()).isEqualTo(api.currentCommit(ChainForm.LINEAR).name());
            assertThat(repo.resolve(BasketballApi.OLD_COMMIT)).isEqualTo(api.oldCommit());
            assertThat(repo.resolve("refs/remotes/origin/branched") != null || repo.resolve("refs/heads/branched") != null).isTrue();
        }
    }

    private static void deploy(String namespace, String image, ThrowawayDatabase db, BasketballManifests.Variant variant) {
        for (var object : api.manifests().inNamespace(namespace).all(image, db.url(), variant)) {
            client.resource(object).create();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
