package io.medic.executor.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.medic.doctor.testing.AlembicProject;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the Job controller and the kubelet for migration Jobs on the mock API server (which runs none): for
 * each Job created it makes the Job's pod (labelled {@code job-name}, as the controller does), runs the pod's
 * command — real Alembic on the image's project, with the container's env resolved from the cluster's
 * Secrets, or a canned log when no project is given — serves the pod's log, and sets the Job's status.
 */
public final class JobKubelet implements AutoCloseable {

    public static final String CANNED_LOG = "INFO  [alembic.runtime.migration] Running upgrade 018 -> 019, player_teams\n";

    private final KubernetesClient client;
    private final KubernetesServer server;
    private final Path project;
    private final boolean succeed;
    private final List<Job> seen = new CopyOnWriteArrayList<>();
    private Watch watch;

    public JobKubelet(KubernetesClient client, KubernetesServer server, Path project, boolean succeed) {
        this.client = client;
        this.server = server;
        this.project = project;
        this.succeed = succeed;
    }

    public JobKubelet start(String namespace) {
        watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                boolean medics = job.getMetadata().getLabels() != null
                        && "medic".equals(job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
                if (action == Action.ADDED && medics) {
                    seen.add(job);
                    Thread.ofPlatform().start(() -> run(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        return this;
    }

    /** The Jobs created, as the API server received them. */
    public List<Job> jobs() {
        return List.copyOf(seen);
    }

    private void run(Job job) {
        String ns = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        String pod = name + "-x7k2p";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(ns)
                .addToLabels("job-name", name).endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        String log;
        boolean ok;
        if (project == null) {
            log = CANNED_LOG;
            ok = succeed;
        } else {
            Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            String[] result = alembic(ns, c);
            ok = result[0].equals("0");
            log = result[1];
        }
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=migrate")
                .andReturn(200, log).always();
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> new JobBuilder(j).withNewStatus()
                .withSucceeded(ok ? 1 : 0).withFailed(ok ? 0 : 1)
                .addNewCondition().withType(ok ? "Complete" : "Failed").withStatus("True")
                .withReason(ok ? null : "BackoffLimitExceeded").withMessage(ok ? null : "Job has reached the specified backoff limit")
                .endCondition().endStatus().build());
    }

    /** The container's command as the image would run it: its args after "alembic", with its env resolved. */
    private String[] alembic(String ns, Container c) {
        List<String> command = new ArrayList<>(List.of(AlembicProject.PYTHON, "-m", "alembic", "-c",
                project.resolve("alembic.ini").toString()));
        command.addAll(c.getCommand().subList(1, c.getCommand().size()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
            builder.environment().remove("DATABASE_URL");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            for (EnvVar env : c.getEnv()) {
                builder.environment().put(env.getName(), value(ns, env));
            }
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[]{Integer.toString(p.waitFor()), out};
        } catch (IOException e) {
            return new String[]{"1", e.toString()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[]{"1", "interrupted"};
        }
    }

    private String value(String ns, EnvVar env) {
        if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
            return env.getValue() == null ? "" : env.getValue();
        }
        Secret secret = client.secrets().inNamespace(ns).withName(env.getValueFrom().getSecretKeyRef().getName()).get();
        String key = env.getValueFrom().getSecretKeyRef().getKey();
        Map<String, String> data = secret.getData();
        if (data != null && data.containsKey(key)) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData().get(key);
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
