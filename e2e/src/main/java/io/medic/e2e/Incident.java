package io.medic.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.medic.events.Decision;
import io.medic.events.Execution;
import io.medic.events.ExecutionStatus;
import io.medic.events.MedicEvent;
import io.medic.events.Plan;
import io.medic.events.Signal;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.testsupport.ThrowawayDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One incident in a running {@link Pipeline}: its own database (built into the seed's state), namespace and
 * issue; the basketball-api deployed so that it crash-loops; then what Medic does about it, read from the topics,
 * the cluster and the forge. The demo narrates it; the end-to-end tests ask it questions.
 */
public final class Incident implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Pipeline pipeline;
    private final Scenario scenario;
    private final Narrator narrator;
    private final ThrowawayDatabase database;
    private final Set<String> planIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> restartsSeen = new ConcurrentHashMap<>();
    private final List<CommentWatch> closeables = new ArrayList<>();
    private SharedIndexInformer<Pod> pods;
    private volatile Instant firstCrash;

    private Incident(Pipeline pipeline, Scenario scenario, Narrator narrator) {
        this.pipeline = pipeline;
        this.scenario = scenario;
        this.narrator = narrator;
        this.database = new ThrowawayDatabase(scenario.namespace());
    }

    /** Builds the incident's database state and the issue, and starts narrating; {@link #deploy()} sets it off. */
    public static Incident open(Pipeline pipeline, Scenario scenario, Narrator narrator) {
        Incident incident = new Incident(pipeline, scenario, narrator);
        try {
            incident.prepare();
            return incident;
        } catch (RuntimeException | Error e) {
            incident.close();
            throw e;
        }
    }

    private void prepare() {
        database.open();
        narrator.step("building the incident's database: upgraded to 018 by real Alembic, then 020's custom_notes "
                + "added by hand with data (019, 021, 024 missing)");
        pipeline.fixture().incidentDatabase(database.url(), scenario.form());
        pipeline.forge().addIssue(scenario.issue(), "Bug: CrashLoopBackOff — Alembic migration chain forked, DB in partial state");
        pipeline.timeline().onEntry(this::narrate);
        closeables.add(new CommentWatch(pipeline.forge(), scenario.issue(), narrator));
    }

    /** Deploys the basketball-api (its first image) so that it crash-loops, and watches its pods. */
    public void deploy() {
        BasketballManifests manifests = pipeline.fixture().manifests().inNamespace(scenario.namespace())
                .withIssue(scenario.issue());
        List<HasMetadata> objects = manifests.all(scenario.firstImage(), database.url(), scenario.variant());
        for (HasMetadata object : objects) {
            if (scenario.manualApproval() && object instanceof Deployment d) {
                d.getMetadata().getAnnotations().put("medic.io/auto-approve", "none");
            }
        }
        pods = pipeline.sandbox().client().pods().inNamespace(scenario.namespace()).inform(new PodEvents(), 0);
        narrator.step("deploying " + scenario.firstImage() + " (" + describe(scenario.variant()) + ") to namespace "
                + scenario.namespace() + "; its migrations fail on boot");
        for (HasMetadata object : objects) {
            pipeline.sandbox().client().resource(object).createOr(existing -> existing.update());
        }
    }

    private static String describe(BasketballManifests.Variant variant) {
        return switch (variant) {
            case MIGRATE_ON_BOOT -> "migrations on boot";
            case INIT_CONTAINER -> "migrations in an init container";
            case HOOK_JOB -> "migrations in a Helm hook Job";
        };
    }

    // ------------------------------------------------------------------ what happened

    public Scenario scenario() {
        return scenario;
    }

    public ThrowawayDatabase database() {
        return database;
    }

    public Instant firstCrash() {
        return firstCrash;
    }

    public boolean owns(MedicEvent event) {
        return switch (event) {
            case Signal s -> s.workload().namespace().equals(scenario.namespace());
            case Plan p -> p.workload().namespace().equals(scenario.namespace());
            case Decision d -> ownsPlan(d.planId());
            case Execution e -> ownsPlan(e.planId());
            case io.medic.events.DeadLetter d -> false;
        };
    }

    private boolean ownsPlan(String planId) {
        return planIds.contains(planId) || pipeline.timeline().plans().stream()
                .anyMatch(p -> p.id().equals(planId) && p.workload().namespace().equals(scenario.namespace()));
    }

    public List<Signal> signals() {
        return pipeline.timeline().signals().stream().filter(this::owns).toList();
    }

    public List<Plan> plans() {
        return pipeline.timeline().plans().stream().filter(this::owns).toList();
    }

    public List<Decision> decisions() {
        return pipeline.timeline().decisions().stream().filter(this::owns).toList();
    }

    public List<Execution> executions(String planId) {
        return pipeline.timeline().executions().stream().filter(e -> e.planId().equals(planId)).toList();
    }

    /** The first plan matching {@code match}, waiting for it. */
    public Plan awaitPlan(String what, Duration timeout, Predicate<Plan> match) {
        pipeline.timeline().await(what, timeout, t -> plans().stream().anyMatch(match));
        return plans().stream().filter(match).findFirst().orElseThrow();
    }

    public Decision awaitDecision(Plan plan, Duration timeout) {
        pipeline.timeline().await("a decision on " + plan.id(), timeout,
                t -> decisions().stream().anyMatch(d -> d.planId().equals(plan.id())));
        return decisions().stream().filter(d -> d.planId().equals(plan.id())).findFirst().orElseThrow();
    }

    /** The final execution record of {@code plan}, waiting for it. */
    public Execution awaitFinished(Plan plan, Duration timeout) {
        pipeline.timeline().await("the end of " + plan.id() + "'s execution", timeout,
                t -> executions(plan.id()).stream().anyMatch(Execution::finished));
        return executions(plan.id()).stream().filter(Execution::finished).findFirst().orElseThrow();
    }

    /** The plan that healed the database: an executable Alembic plan that finished. */
    public Optional<Plan> healingPlan() {
        return plans().stream().filter(p -> p.diagnoser().equals("alembic-drift") && p.executable())
                .filter(p -> executions(p.id()).stream().anyMatch(Execution::finished)).findFirst();
    }

    // ------------------------------------------------------------------ approval over REST

    /** The one line a person pastes to approve {@code plan}: the approver's token and the plan's digest. */
    public String approveCommand(Plan plan, String token) {
        return "curl -fsS -X POST " + pipeline.planner().url() + "/plans/" + plan.id() + "/approve"
                + " -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json'"
                + " -d '{\"digest\":\"" + plan.digest() + "\",\"comment\":\"approved in the demo\"}'";
    }

    /** POSTs an approval as a person would; returns the HTTP status. */
    public int approve(Plan plan, String token, String digest) {
        String body = "{\"digest\":\"" + digest + "\",\"comment\":\"approved by the demo's operator\"}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(pipeline.planner().url() + "/plans/" + plan.id() + "/approve"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("the planner's API does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ narration

    private void narrate(Timeline.Entry entry) {
        MedicEvent event = entry.event();
        if (event instanceof Plan p && p.workload().namespace().equals(scenario.namespace())) {
            planIds.add(p.id());
        }
        if (!owns(event)) {
            return;
        }
        Instant at = Instant.ofEpochMilli(entry.brokerTimeMs());
        Stories.narrate(event, at, narrator, planIds.size());
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            observe(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            observe(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean unknown) {
        }

        private void observe(Pod pod) {
            if (pod.getStatus() == null) {
                return;
            }
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            for (ContainerStatus s : statuses) {
                var terminated = s.getState() != null && s.getState().getTerminated() != null ? s.getState().getTerminated()
                        : s.getLastState() != null ? s.getLastState().getTerminated() : null;
                if (terminated == null || terminated.getExitCode() == null || terminated.getExitCode() == 0
                        || terminated.getFinishedAt() == null) {
                    continue;
                }
                String key = pod.getMetadata().getName() + "/" + s.getName();
                int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
                Integer before = restartsSeen.put(key, restarts);
                if (before != null && before >= restarts) {
                    continue;
                }
                Instant finished = Instant.parse(terminated.getFinishedAt());
                if (firstCrash == null || finished.isBefore(firstCrash)) {
                    firstCrash = finished;
                    narrator.originAt(finished);
                }
                String waiting = s.getState() != null && s.getState().getWaiting() != null
                        ? ", " + s.getState().getWaiting().getReason() : "";
                narrator.event(finished, "crash", pod.getMetadata().getName() + " " + s.getName() + " ("
                        + s.getImage() + ") exited " + terminated.getExitCode() + ", restarts " + restarts + waiting);
            }
        }
    }

    @Override
    public void close() {
        if (pods != null) {
            pods.close();
        }
        closeables.forEach(CommentWatch::close);
        try {
            var client = pipeline.sandbox().client();
            client.apps().deployments().inNamespace(scenario.namespace()).delete();
            client.batch().v1().jobs().inNamespace(scenario.namespace()).delete();
            client.pods().inNamespace(scenario.namespace()).delete();
            client.namespaces().withName(scenario.namespace()).delete();
        } catch (RuntimeException ignored) {
            // the sandbox may be gone already
        }
        database.close();
    }
}
