package io.medic.sandbox.basketball;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The basketball-api's git history, as data: the commit the old image was built from ({@code 737093f}:
 * the app and migrations 001..017), then 23 commits to the current image's commit ({@code 15f3047} on
 * {@code main}, the linearized chain), of which 7 add migrations 018..024 and the others change the app a
 * little (changelog, version). {@code branched} shares the first 16 of them and ends, 23 commits after
 * {@code 737093f} too, on its own tip with the chain as it was before it was linearized (022 merges the
 * 020 and 021 heads). Every tree, message, author and date is fixed, so every commit id is too; three
 * commits carry a nonce that gives them their 7-character prefix (see {@link FixtureCommits}).
 */
final class FixtureHistory {

    /** One commit: its message subject, its date, and what it changes in the tree. */
    record Step(String subject, OffsetDateTime when, Map<String, byte[]> add, String version) {
    }

    /** A commit whose id must start with {@code prefix}: found with the nonce stored under {@code key}. */
    record Target(String key, String prefix) {
    }

    static final Target OLD = new Target("old", BasketballApi.OLD_COMMIT);
    static final Target LINEAR_TIP = new Target("linear", BasketballApi.CURRENT_COMMIT);
    static final Target BRANCHED_TIP = new Target("branched", BasketballApi.BRANCHED_COMMIT);
    static final String AUTHOR = "Dana Whitfield";
    static final String EMAIL = "dana@westside-basketball.example";
    static final String NONCE_TRAILER = "Fixture-Nonce: ";
    static final int NONCE_DIGITS = 12;

    private final FixtureSources sources;

    FixtureHistory(FixtureSources sources) {
        this.sources = sources;
    }

    /** The files of the old image's commit. */
    Map<String, byte[]> oldTree() {
        Map<String, byte[]> tree = new TreeMap<>();
        tree.put("README.md", sources.file("app/README.md"));
        tree.put("app.py", sources.file("app/app.py"));
        // the app's own env.py (one transaction per run); alembic.ini and the script template are the examples'
        tree.put("env.py", sources.file("app/env.py"));
        for (String f : List.of("alembic.ini", "script.py.mako")) {
            tree.put(f, sources.file("branched/" + f));
        }
        sources.directory("branched/versions").forEach((name, bytes) -> {
            if (revision(name) <= 17) {
                tree.put("versions/" + name, bytes);
            }
        });
        tree.put("VERSION", text("1.8.0\n"));
        tree.put("CHANGELOG.md", text(changelog(List.of(
                "2025-12-02 Season FK set null, team city required (migration 017)",
                "2025-11-18 Registrations (migration 016)",
                "2025-11-04 Schedule indexes (migration 015)"))));
        return tree;
    }

    static final String OLD_SUBJECT = "Season FK set null, team city required (migration 017)";
    static final OffsetDateTime OLD_DATE = at("2025-12-02T16:10:00-08:00");

    /** The 23 commits after the old one, for the {@code linear} or {@code branched} form. */
    List<Step> steps(String form) {
        Map<String, byte[]> branched = sources.directory("branched/versions");
        Map<String, byte[]> own = sources.directory(form + "/versions");
        List<Step> steps = new ArrayList<>();
        steps.add(step("Rosters: order players by last name", "2025-12-09T10:12:00-08:00"));
        steps.add(step("Health check reports the app version", "2025-12-16T14:40:00-08:00"));
        steps.add(release("1.9.0", "2026-01-06T09:05:00-08:00"));
        steps.add(migration("GroupMe groups and the notification outbox (migration 018)", "2026-01-08T10:22:05-08:00", branched, "018"));
        steps.add(step("Outbox: retry failed sends with back-off", "2026-01-14T17:30:00-08:00"));
        steps.add(step("GroupMe: post game results to the team chat", "2026-01-22T11:02:00-08:00"));
        steps.add(release("1.10.0", "2026-02-03T09:48:00-08:00"));
        steps.add(migration("Players can play for several teams: player_teams (migration 019)", "2026-02-11T18:37:52-08:00", branched, "019"));
        // 020 and 021 were written on two branches at once: both revise what their authors had (018 and 019)
        steps.add(migration("Coach notes on players (migration 020)", "2026-02-12T08:14:29-08:00", branched, "020"));
        steps.add(step("Coach notes on the player page", "2026-02-13T15:20:00-08:00"));
        steps.add(migration("OAuth tokens for Google sign-in (migration 021)", "2026-02-19T22:05:11-08:00", branched, "021"));
        steps.add(step("Sign in with Google", "2026-02-20T12:44:00-08:00"));
        steps.add(step("Teams page: cache rosters for 60 s", "2026-03-02T10:00:00-08:00"));
        steps.add(step("Fix: order games by tip-off time", "2026-03-06T16:31:00-08:00"));
        steps.add(step("Docs: running the API locally", "2026-03-12T09:15:00-07:00"));
        steps.add(step("Dependencies: psycopg2 2.9.9", "2026-03-17T13:50:00-07:00"));
        if (form.equals("linear")) {
            Map<String, byte[]> add = new LinkedHashMap<>();
            for (String rev : List.of("020", "021", "022")) {
                add.put("versions/" + named(own, rev), own.get(named(own, rev)));
            }
            steps.add(new Step("Linearize the migration chain: 020 after 019, 021 after 020 (migration 022)",
                    at("2026-03-20T16:51:40-07:00"), add, null));
        } else {
            steps.add(migration("Merge the 020 and 021 heads (migration 022)", "2026-03-20T16:51:40-07:00", own, "022"));
        }
        steps.add(migration("Backfill jerseys from jersey orders (migration 023)", "2026-03-21T09:30:02-07:00", own, "023"));
        steps.add(step("Registrations: waitlist when a team is full", "2026-03-22T11:11:00-07:00"));
        steps.add(migration("Players choose to appear publicly (migration 024)", "2026-03-24T11:18:45-07:00", own, "024"));
        steps.add(step("Public teams endpoint for the landing site", "2026-03-25T10:05:00-07:00"));
        steps.add(release("1.11.0", "2026-03-25T17:40:00-07:00"));
        steps.add(step("CI: build and push the image on every push to main", "2026-03-26T09:12:00-07:00"));
        if (steps.size() != 23) {
            throw new IllegalStateException("the fixture's history must be 23 commits after the old one, not " + steps.size());
        }
        return steps;
    }

    /** How many of the forms' first steps the two branches share (the rest differ from the linearization on). */
    static final int SHARED_STEPS = 16;

    /** The tree after {@code step} applied to {@code tree}: its files, its changelog line, its version. */
    static Map<String, byte[]> apply(Map<String, byte[]> tree, Step step) {
        Map<String, byte[]> next = new TreeMap<>(tree);
        next.putAll(step.add());
        String date = step.when().toLocalDate().toString();
        String changelog = new String(next.get("CHANGELOG.md"), StandardCharsets.UTF_8);
        String header = "# Changelog\n\n";
        next.put("CHANGELOG.md", text(header + "- " + date + " " + step.subject() + "\n" + changelog.substring(header.length())));
        if (step.version() != null) {
            next.put("VERSION", text(step.version() + "\n"));
        }
        return next;
    }

    /** Every revision file of {@code form}, as the tip's tree must hold them. */
    Map<String, byte[]> versions(String form) {
        return sources.directory(form + "/versions");
    }

    private static Step step(String subject, String when) {
        return new Step(subject, at(when), Map.of(), null);
    }

    private static Step release(String version, String when) {
        return new Step("Release " + version, at(when), Map.of(), version);
    }

    private static Step migration(String subject, String when, Map<String, byte[]> versions, String revision) {
        String name = named(versions, revision);
        return new Step(subject, at(when), Map.of("versions/" + name, versions.get(name)), null);
    }

    private static String named(Map<String, byte[]> versions, String revision) {
        return versions.keySet().stream().filter(n -> n.startsWith(revision + "_")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the fixture has no migration " + revision));
    }

    private static int revision(String fileName) {
        try {
            return Integer.parseInt(fileName.substring(0, 3));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String changelog(List<String> entries) {
        StringBuilder s = new StringBuilder("# Changelog\n\n");
        entries.forEach(e -> s.append("- ").append(e).append('\n'));
        return s.toString();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime at(String when) {
        return OffsetDateTime.parse(when);
    }
}
