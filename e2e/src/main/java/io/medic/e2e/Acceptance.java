package io.medic.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.events.Verdict;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.testsupport.forge.ForgejoStandIn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The seed issue's acceptance criteria, checked for real: the pod Running and not crash-looping, {@code /health}
 * 200, {@code /public/teams} the team data, {@code alembic_version} at head with every revision's effect present
 * (Medic's own diagnosis of the live database says HEALTHY) and the custom_notes data intact, and the story on
 * the issue, one comment per state.
 */
public final class Acceptance {

    /** One criterion and whether it holds, with what was seen. */
    public record Check(String criterion, boolean holds, String seen) {
    }

    private Acceptance() {
    }

    public static List<Check> check(Pipeline pipeline, Incident incident) {
        List<Check> checks = new ArrayList<>();
        String ns = incident.scenario().namespace();
        List<Pod> pods = pipeline.sandbox().client().pods().inNamespace(ns)
                .withLabel("app.kubernetes.io/name", BasketballManifests.NAME).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        checks.add(podsRunning(pods));
        Pod pod = pods.isEmpty() ? null : pods.get(0);
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        HttpResult health = get(ip, BasketballManifests.HEALTH_PATH);
        checks.add(new Check("GET /health returns 200", health.status == 200, health.summary()));
        HttpResult teams = get(ip, "/public/teams");
        checks.add(new Check("GET /public/teams returns the team data", teams.status == 200
                && teams.body.contains("Westside Kings") && teams.body.contains("Eastside Queens"), teams.summary()));
        checks.add(atHead(pipeline, incident));
        checks.add(notesIntact(incident));
        checks.add(story(pipeline.forge(), incident.scenario().issue()));
        return checks;
    }

    public static boolean allHold(List<Check> checks) {
        return checks.stream().allMatch(Check::holds);
    }

    private static Check podsRunning(List<Pod> pods) {
        List<String> seen = new ArrayList<>();
        boolean ok = !pods.isEmpty();
        for (Pod p : pods) {
            boolean ready = p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                    .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                    ? List.of() : p.getStatus().getContainerStatuses();
            boolean looping = statuses.stream().anyMatch(s -> s.getState() != null && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason()));
            String phase = p.getStatus() == null ? "?" : p.getStatus().getPhase();
            ok &= ready && !looping && "Running".equals(phase);
            seen.add(p.getMetadata().getName() + " " + phase + (ready ? " Ready" : " not Ready")
                    + (looping ? " CrashLoopBackOff" : "") + " image " + (statuses.isEmpty() ? "?" : statuses.get(0).getImage()));
        }
        return new Check("the basketball-api pod is Running, not CrashLoopBackOff", ok,
                pods.isEmpty() ? "no pod" : String.join("; ", seen));
    }

    private static Check atHead(Pipeline pipeline, Incident incident) {
        Prescription p = AlembicDoctor.diagnose(pipeline.fixture().checkout(incident.scenario().form()).resolve("versions"),
                incident.database().url(), "public");
        return new Check("alembic_version at head (" + String.join(", ", p.diagnosis().heads())
                + ") with every revision's effect present", p.diagnosis().verdict() == Verdict.HEALTHY,
                "version table " + p.diagnosis().versionRows() + "; Medic's diagnosis: " + p.diagnosis().verdict() + " ("
                        + p.diagnosis().reason() + ")");
    }

    private static Check notesIntact(Incident incident) {
        try (Connection c = incident.database().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT custom_notes FROM players WHERE id = 1")) {
            String notes = r.next() ? r.getString(1) : null;
            return new Check("the custom_notes data is intact", "prefers the left wing".equals(notes),
                    "players(1).custom_notes = " + notes);
        } catch (SQLException e) {
            return new Check("the custom_notes data is intact", false, e.getMessage());
        }
    }

    /** Every state of the story commented once, and no comment twice. */
    public static Check story(ForgejoStandIn forge, String issue) {
        Map<String, Integer> states = commentStates(forge, issue);
        boolean once = states.values().stream().allMatch(n -> n == 1);
        boolean complete = states.keySet().stream().anyMatch(s -> s.startsWith("detected")) && states.keySet().stream().anyMatch(s -> s.startsWith("planned"))
                && states.keySet().stream().anyMatch(s -> s.startsWith("approved"))
                && states.keySet().stream().anyMatch(s -> s.startsWith("recovered"));
        return new Check("the story is on " + issue + ", one comment per state", once && complete, states.toString());
    }

    /** How many comments carry each marker's {@code state@plan} ({@code state@incident} before a plan), in order of first appearance. */
    public static Map<String, Integer> commentStates(ForgejoStandIn forge, String issue) {
        Map<String, Integer> states = new LinkedHashMap<>();
        for (ForgejoStandIn.Comment c : forge.comments(issue)) {
            Matcher m = CommentWatch.MARKER.matcher(c.body());
            if (m.find()) {
                String key = m.group(3) + "@" + (m.group(2).equals("-") ? m.group(1) : m.group(2));
                states.merge(key, 1, Integer::sum);
            }
        }
        return states;
    }

    private record HttpResult(int status, String body, String error) {
        String summary() {
            return error != null ? error : "HTTP " + status + " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
        }
    }

    private static HttpResult get(String ip, String path) {
        if (ip == null) {
            return new HttpResult(-1, "", "no pod IP");
        }
        try {
            HttpResponse<String> r = Incident.HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":"
                    + BasketballManifests.PORT + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body(), null);
        } catch (IOException e) {
            return new HttpResult(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpResult(-1, "", "interrupted");
        }
    }
}
