package io.medic.planner.client;

import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.medic.events.EventCodec;
import io.medic.events.Plan;
import io.medic.planner.domain.MigrationSourceRef;
import io.medic.planner.domain.PlanIdentity;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pays the first incident's class loading at start instead: the first diagnosis in a fresh JVM spent about three
 * seconds loading Fabric8's model classes, the engine's reader and the Vert.x PostgreSQL client, against about
 * half a second for every later one. In the background, so readiness is not delayed: a Deployment, a Secret and
 * a Namespace read through Fabric8's serialization as the API server sends them, one cheap read of the API server,
 * the engine's whole path on a two-revision chain against a database that cannot exist (port 1: refused at
 * once; nothing is sent anywhere else), and a git source's, on a repository of those two revisions made in a
 * temporary directory; and a plan sealed and encoded as a new plan is.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final List<String> REVISIONS = List.of("a1_create_widgets.py", "b2_add_widget_colour.py");

    private final KubernetesClient client;
    private final AlembicEngine engine;

    public WarmUp(KubernetesClient client, AlembicEngine engine) {
        this.client = client;
        this.engine = engine;
    }

    void onStart(@Observes StartupEvent start) {
        Thread.ofPlatform().daemon().name("planner-warm-up").start(this::run);
    }

    void run() {
        long began = System.nanoTime();
        try {
            client.getKubernetesSerialization().unmarshal(resource("workload.yaml"), KubernetesList.class);
            client.namespaces().withName(client.getNamespace() == null ? "default" : client.getNamespace()).get();
        } catch (KubernetesClientException e) {
            LOG.debugf("warm-up read of the API server: HTTP %d", e.getCode());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("medic-planner-warm-up-");
            for (String name : REVISIONS) {
                Files.writeString(dir.resolve(name), resource(name));
            }
            engine.knows(dir, List.of("b2"));
            engine.diagnose(dir, "postgresql://medic@127.0.0.1:1/warm_up", "public");
            gitSource(dir);
            Plan plan = EventCodec.decode(resource("plan.json").getBytes(StandardCharsets.UTF_8), Plan.class);
            EventCodec.encode(plan.sealed());
            PlanIdentity.contentKey(plan);
        } catch (IOException | GitAPIException | SourceException e) {
            LOG.debugf("warm-up cut short (the first plan pays the rest): %s", e.getMessage());
        } finally {
            delete(dir);
        }
        LOG.infof("warmed up in %d ms (Fabric8 models, the engine, the PostgreSQL client, JGit, the plan codec)",
                (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * A git source's whole path, as a first {@code git:} signal takes it: a repository of the two revisions made
     * in {@code dir}, fetched through JGit into a bare cache of its own and read at its commit.
     */
    private static void gitSource(Path dir) throws IOException, GitAPIException, SourceException {
        Path origin = dir.resolve("origin");
        Path versions = Files.createDirectories(origin.resolve("versions"));
        for (String name : REVISIONS) {
            Files.copy(dir.resolve(name), versions.resolve(name));
        }
        String commit;
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("versions").call();
            commit = git.commit().setMessage("warm-up").setAuthor("medic", "medic@localhost")
                    .setCommitter("medic", "medic@localhost").setSign(false).call().getName();
        }
        Path cache = dir.resolve("cache");
        GitSource source = new GitSource(new MigrationSourceRef.Git(origin.toUri().toString(), "versions"),
                cache.resolve("git").resolve("warm-up.git"), new VersionsCache(cache), Duration.ofSeconds(10),
                Duration.ZERO, Clock.systemUTC(), new GitRepositories.Lock());
        source.at(commit.substring(0, 7));
        source.history(2, null);
    }

    private static String resource(String name) {
        try (InputStream in = WarmUp.class.getResourceAsStream("/warm-up/" + name)) {
            if (in == null) {
                throw new IllegalStateException("warm-up resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", dir, e.getMessage());
        }
    }
}
