package io.medic.doctor.scenario;

import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.AlembicResult;
import io.medic.doctor.testing.FixtureForm;
import io.medic.doctor.testing.SchemaObject;

import java.util.List;
import java.util.stream.Stream;

import static io.medic.doctor.scenario.Scenario.VerdictSource.PROPOSED;
import static io.medic.doctor.scenario.Scenario.VerdictSource.SETTLED;
import static io.medic.doctor.testing.FixtureForm.BRANCHED;
import static io.medic.doctor.testing.FixtureForm.LINEAR;
import static io.medic.doctor.testing.SchemaObject.column;
import static io.medic.doctor.testing.SchemaObject.constraint;
import static io.medic.doctor.testing.SchemaObject.index;
import static io.medic.doctor.testing.SchemaObject.table;
import static io.medic.events.Verdict.AUTO_PLAN;
import static io.medic.events.Verdict.HEALTHY;
import static io.medic.events.Verdict.NEEDS_HUMAN;

/**
 * The named database states of the basketball-api fixture that the diagnosis engine must get right,
 * each built with real Alembic plus SQL. What each revision does is in
 * {@code src/test/resources/basketball/<form>/versions}; in short: 018 groupme_groups + outbox,
 * 019 player_teams (and copies rosters into it), 020 players.custom_notes, 021 oauth_tokens,
 * 022 merge (branched) or plain (linear), 023 backfills players.jersey from orders, 024 players.is_public.
 */
public final class ScenarioCatalog {

    // Objects the claims name.
    private static final SchemaObject GROUPME = table("groupme_groups");
    private static final SchemaObject OUTBOX = table("outbox");
    private static final SchemaObject PLAYER_TEAMS = table("player_teams");
    private static final SchemaObject CUSTOM_NOTES = column("players.custom_notes");
    private static final SchemaObject OAUTH_TOKENS = table("oauth_tokens");
    private static final SchemaObject IS_PUBLIC = column("players.is_public");
    private static final SchemaObject REGISTRATIONS = table("registrations");
    private static final SchemaObject TEAMS = table("teams");

    private ScenarioCatalog() {
    }

    public static Stream<Scenario> all() {
        return Stream.of(
                incident(BRANCHED),
                incident(LINEAR),
                incidentAfterFailedBoot(BRANCHED),
                incidentAfterFailedBoot(LINEAR),
                behindAt015(),
                atHead(BRANCHED),
                atHead(LINEAR),
                emptyDatabase(),
                emptyVersionTableWithTables(),
                emptyVersionTableAcrossDataWork(),
                neverStampedAtHead(),
                staleVersionTable(BRANCHED),
                staleVersionTable(LINEAR),
                staleVersionTableAcrossDataWork(),
                versionTableAhead(),
                partialRevision(),
                unknownStampedRevision(),
                twoHeads(),
                versionRowsWhereOneIsAncestor(),
                indexDrift(),
                dropColumnDrift(),
                foreignKeyDriftAfterRename());
    }

    /** Looks a scenario up by name (for a test that needs one particular state). */
    public static Scenario named(String name) {
        return all().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario named " + name));
    }

    /** The incident: stamped 018, 020's column present (ran out of order), 019, 021 and 024 missing. */
    static Scenario incident(FixtureForm form) {
        return new Scenario("incident-" + form, form, AUTO_PLAN, SETTLED,
                "020's column is present but unstamped, 019/021/023/024 are missing, nothing is partial; on the linear "
                        + "chain 'stamp 020' also marks 019 applied, so the incident's own plan would skip it",
                ScenarioCatalog::incidentState,
                StateClaim.stamped(List.of("018"), List.of(GROUPME, OUTBOX, CUSTOM_NOTES),
                        List.of(PLAYER_TEAMS, OAUTH_TOKENS, IS_PUBLIC)),
                List.of(League.PLAYERS, League.ORDERS, League.NOTES, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                form == BRANCHED
                        ? List.of("alembic stamp 020", "alembic upgrade head")
                        : List.of("alembic upgrade 019", "alembic stamp 020", "alembic upgrade head"),
                List.of());
    }

    /**
     * What the crash-looping pod leaves: the incident state, then its {@code alembic upgrade head} at boot,
     * which with transaction_per_migration commits every revision before 020 and fails on 020 with
     * DuplicateColumn. Branched: 019 and 021 ran (rows {021}); linear: 019 ran (rows {019}).
     */
    static Scenario incidentAfterFailedBoot(FixtureForm form) {
        List<String> rows = form == BRANCHED ? List.of("021") : List.of("019");
        List<SchemaObject> present = form == BRANCHED
                ? List.of(PLAYER_TEAMS, OAUTH_TOKENS, CUSTOM_NOTES)
                : List.of(PLAYER_TEAMS, CUSTOM_NOTES);
        List<SchemaObject> absent = form == BRANCHED ? List.of(IS_PUBLIC) : List.of(OAUTH_TOKENS, IS_PUBLIC);
        return new Scenario("incident-after-failed-boot-" + form, form, AUTO_PLAN, PROPOSED,
                "the boot's upgrade committed up to " + rows.get(0) + " and died on 020's DuplicateColumn: 020 is "
                        + "present unstamped, the rest missing, so stamp 020 then upgrade head",
                project -> {
                    incidentState(project);
                    AlembicResult boot = project.attempt("upgrade", "head");
                    if (boot.succeeded() || !boot.stderr().contains("DuplicateColumn")) {
                        throw new AssertionError("expected the boot's upgrade to fail with DuplicateColumn, got exit "
                                + boot.exitCode() + ":\n" + boot.stderr());
                    }
                },
                StateClaim.stamped(rows, present, absent),
                List.of(League.PLAYERS, League.ORDERS, League.NOTES, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                List.of("alembic stamp 020", "alembic upgrade head"),
                List.of());
    }

    static Scenario behindAt015() {
        return new Scenario("behind-at-015", BRANCHED, AUTO_PLAN, SETTLED,
                "stamped 015 and exactly 001..015's effects present: upgrade head",
                project -> {
                    project.upgrade("015");
                    League.seed(project);
                },
                StateClaim.stamped(List.of("015"), List.of(index("ix_games_season_scheduled"), table("coaches"),
                                constraint("fk_games_season_id_seasons")),
                        List.of(REGISTRATIONS, GROUPME, index("ix_games_scheduled_at"), table("staff"),
                                constraint("uq_games_home_away_scheduled"))),
                List.of(League.PLAYERS, League.ORDERS, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                List.of("alembic upgrade head"),
                List.of());
    }

    static Scenario atHead(FixtureForm form) {
        return new Scenario("at-head-" + form, form, HEALTHY, SETTLED,
                "stamped 024 and every revision's effect present (including what later revisions dropped or renamed)",
                project -> {
                    project.upgrade("head");
                    League.seed(project);
                    League.writeNotes(project);
                },
                StateClaim.stamped(List.of(FixtureForm.HEAD), List.of(PLAYER_TEAMS, CUSTOM_NOTES, OAUTH_TOKENS, IS_PUBLIC),
                        List.of(table("scores"), table("staff"), column("players.nickname"), column("players.phone"))),
                List.of(),
                List.of(),
                List.of());
    }

    static Scenario emptyDatabase() {
        return new Scenario("empty-database", LINEAR, AUTO_PLAN, SETTLED,
                "no version table and no tables: every revision is missing, upgrade head",
                project -> {
                },
                StateClaim.noVersionTable(List.of(), List.of(TEAMS)),
                List.of(),
                List.of("alembic upgrade head"),
                List.of());
    }

    static Scenario emptyVersionTableWithTables() {
        return new Scenario("empty-version-table-with-tables", LINEAR, AUTO_PLAN, PROPOSED,
                "alembic_version exists but is empty while 001..007's effects are all present and none later"
                        + " (none of them does data work): stamp 007 then upgrade head (a bare 'upgrade head' fails on"
                        + " CREATE TABLE teams)",
                project -> {
                    project.upgrade("007");
                    project.database().execute("DELETE FROM alembic_version");
                },
                StateClaim.stamped(List.of(), List.of(TEAMS), List.of(REGISTRATIONS, GROUPME, OUTBOX)),
                List.of(),
                List.of("alembic stamp 007", "alembic upgrade head"),
                List.of());
    }

    static Scenario emptyVersionTableAcrossDataWork() {
        return new Scenario("empty-version-table-across-data-work", LINEAR, NEEDS_HUMAN, PROPOSED,
                "alembic_version is empty while 001..017's effects are present: 008 alters players.email and"
                        + " rewrites every email (op.execute); the altered column shows the ALTER ran, not the UPDATE,"
                        + " and nothing in the version table implies 008 ran: stamping would skip the rewrite for ever"
                        + " if the ALTER was applied by hand (issue 22, rule 5)",
                project -> {
                    project.upgrade("017");
                    League.seed(project);
                    project.database().execute("DELETE FROM alembic_version");
                },
                StateClaim.stamped(List.of(), List.of(TEAMS, REGISTRATIONS), List.of(GROUPME, OUTBOX)),
                List.of(),
                List.of(),
                List.of("008", "data work"));
    }

    static Scenario neverStampedAtHead() {
        return new Scenario("never-stamped-at-head", BRANCHED, NEEDS_HUMAN, PROPOSED,
                "no alembic_version at all but head's schema exactly (as metadata.create_all leaves it): 023 is "
                        + "data-only and cannot be verified, and nothing implies it ran (024's schema could have been "
                        + "made without it, as metadata.create_all does): stamping head would skip it for ever (issue 22);"
                        + " so would the data work beside 008's, 011's, 017's and 019's schema changes (rule 5)",
                project -> {
                    project.upgrade("head");
                    League.seed(project);
                    League.writeNotes(project);
                    project.database().execute("DROP TABLE alembic_version");
                },
                StateClaim.noVersionTable(List.of(PLAYER_TEAMS, CUSTOM_NOTES, OAUTH_TOKENS, IS_PUBLIC), List.of()),
                List.of(),
                List.of(),
                List.of("008", "011", "017", "019", "023"));
    }

    /** Effects up to 021 present, version table still says 019. */
    static Scenario staleVersionTable(FixtureForm form) {
        return new Scenario("stale-version-table-" + form, form, AUTO_PLAN, PROPOSED,
                "020 and 021 are present but unstamped (schema changes only), the version table says 019, 023/024"
                        + " missing: stamp " + (form == BRANCHED ? "020 021 (or 022, which has no operations)" : "021")
                        + " then upgrade head; re-running 020/021 would fail on existing objects",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    if (form == BRANCHED) {
                        project.upgrade("020");
                        project.upgrade("021");
                    } else {
                        project.upgrade("021");
                    }
                    League.writeNotes(project);
                    project.stamp("--purge", "019");
                },
                StateClaim.stamped(List.of("019"), List.of(PLAYER_TEAMS, CUSTOM_NOTES, OAUTH_TOKENS), List.of(IS_PUBLIC)),
                List.of(League.PLAYERS, League.ORDERS, League.NOTES, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                form == BRANCHED
                        ? List.of("alembic stamp 020 021", "alembic upgrade head")
                        : List.of("alembic stamp 021", "alembic upgrade head"),
                List.of());
    }

    /** Effects up to 021 present, version table still says 018: was 019's roster copy made? */
    static Scenario staleVersionTableAcrossDataWork() {
        return new Scenario("stale-version-table-across-data-work", LINEAR, NEEDS_HUMAN, PROPOSED,
                "019, 020 and 021 are present but the version table says 018: 019 creates player_teams and copies"
                        + " every roster into it (op.execute); the table shows the CREATE ran, not the copy, and"
                        + " nothing implies 019 ran: a person decides (issue 22, rule 5)",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    project.upgrade("021");
                    League.writeNotes(project);
                    project.stamp("--purge", "018");
                },
                StateClaim.stamped(List.of("018"), List.of(PLAYER_TEAMS, CUSTOM_NOTES, OAUTH_TOKENS), List.of(IS_PUBLIC)),
                List.of(),
                List.of(),
                List.of("019", "INSERT INTO player_teams", "data work at line"));
    }

    static Scenario versionTableAhead() {
        return new Scenario("version-table-ahead", BRANCHED, AUTO_PLAN, PROPOSED,
                "stamped 024 but 024's players.is_public is absent (everything before it present): 024 is stamped yet "
                        + "missing, it only adds a column, so stamp 023 then upgrade head re-applies it with no data at risk",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    project.upgrade("023");
                    League.writeNotes(project);
                    project.stamp("024");
                },
                StateClaim.stamped(List.of("024"), List.of(PLAYER_TEAMS, CUSTOM_NOTES, OAUTH_TOKENS), List.of(IS_PUBLIC)),
                List.of(League.PLAYERS, League.ORDERS, League.NOTES, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                List.of("alembic stamp 023", "alembic upgrade head"),
                List.of());
    }

    static Scenario partialRevision() {
        return new Scenario("partial-018-outbox-dropped", LINEAR, NEEDS_HUMAN, SETTLED,
                "018 is PARTIAL (groupme_groups there, outbox dropped by hand): no stamp/upgrade sequence re-creates "
                        + "one of its two tables, and guessing is not allowed",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    project.database().execute("DROP TABLE outbox");
                },
                StateClaim.stamped(List.of("018"), List.of(GROUPME), List.of(OUTBOX, index("ix_outbox_sent_at"))),
                List.of(),
                List.of(),
                List.of("018", "outbox"));
    }

    static Scenario unknownStampedRevision() {
        return new Scenario("unknown-stamped-revision", LINEAR, NEEDS_HUMAN, SETTLED,
                "the version table names 'f00dcafe', which no file defines (Alembic: Can't locate revision): "
                        + "the database came from other code, a human must say which",
                project -> {
                    project.upgrade("017");
                    League.seed(project);
                    project.database().execute("UPDATE alembic_version SET version_num = 'f00dcafe'");
                },
                StateClaim.stamped(List.of("f00dcafe"), List.of(REGISTRATIONS), List.of(GROUPME)),
                List.of(),
                List.of(),
                List.of("f00dcafe"));
    }

    static Scenario twoHeads() {
        return new Scenario("two-version-rows-019-020", BRANCHED, AUTO_PLAN, SETTLED,
                "rows {019, 020} are the two heads Alembic itself writes on the fork; both applied, 021..024 missing: "
                        + "upgrade head",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    project.upgrade("019");
                    project.upgrade("020");
                    League.writeNotes(project);
                },
                StateClaim.stamped(List.of("019", "020"), List.of(PLAYER_TEAMS, CUSTOM_NOTES), List.of(OAUTH_TOKENS, IS_PUBLIC)),
                List.of(League.PLAYERS, League.ORDERS, League.NOTES, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                List.of("alembic upgrade head"),
                List.of());
    }

    static Scenario versionRowsWhereOneIsAncestor() {
        return new Scenario("version-rows-015-and-018", LINEAR, AUTO_PLAN, PROPOSED,
                "rows {015, 018} with 018's schema: 015 is implied by 018 (Alembic refuses to upgrade: 'Requested "
                        + "revision 018 overlaps with other requested revisions 015'), so stamp --purge 018 then upgrade head",
                project -> {
                    project.upgrade("018");
                    League.seed(project);
                    project.database().execute("INSERT INTO alembic_version (version_num) VALUES ('015')");
                },
                StateClaim.stamped(List.of("015", "018"), List.of(GROUPME, OUTBOX), List.of(PLAYER_TEAMS)),
                List.of(League.PLAYERS, League.ORDERS, League.JERSEYS_BACKFILLED, League.ROSTERS_COPIED),
                List.of("alembic stamp --purge 018", "alembic upgrade head"),
                List.of());
    }

    static Scenario indexDrift() {
        return new Scenario("index-drift-ix-players-email", LINEAR, NEEDS_HUMAN, PROPOSED,
                "at head, but 009's unique index ix_players_email was dropped by hand: 009 is PARTIAL (its other "
                        + "index was legitimately dropped by 015) and only a data-dropping downgrade could re-run it",
                project -> {
                    project.upgrade("head");
                    League.seed(project);
                    project.database().execute("DROP INDEX ix_players_email");
                },
                StateClaim.stamped(List.of(FixtureForm.HEAD), List.of(index("ix_players_team_id")),
                        List.of(index("ix_players_email"), index("ix_games_scheduled_at"))),
                List.of(),
                List.of(),
                List.of("ix_players_email"));
    }

    static Scenario dropColumnDrift() {
        return new Scenario("drop-column-drift-players-nickname", BRANCHED, NEEDS_HUMAN, PROPOSED,
                "at head, but players.nickname, which 005 added and stamped 012 dropped, is there holding data: 012 is "
                        + "PARTIAL (its rename happened) and finishing it means dropping a column with data",
                project -> {
                    project.upgrade("head");
                    League.seed(project);
                    project.database().execute(
                            "ALTER TABLE players ADD COLUMN nickname VARCHAR(50)",
                            "UPDATE players SET nickname = 'Mo' WHERE id = 1");
                },
                StateClaim.stamped(List.of(FixtureForm.HEAD), List.of(column("players.nickname"), column("players.phone_number")),
                        List.of(column("players.phone"))),
                List.of(),
                List.of(),
                List.of("nickname"));
    }

    static Scenario foreignKeyDriftAfterRename() {
        return new Scenario("foreign-key-drift-after-rename-coaches", BRANCHED, NEEDS_HUMAN, PROPOSED,
                "at head, but the foreign key coaches.team_id -> teams, which 007 made on staff (renamed coaches by "
                        + "014), was dropped by hand: 007 is PARTIAL, 014 (which only renamed and altered) is not, and "
                        + "re-creating the key may fail on rows that broke it meanwhile",
                project -> {
                    project.upgrade("head");
                    League.seed(project);
                    project.database().execute("ALTER TABLE coaches DROP CONSTRAINT staff_team_id_fkey");
                },
                StateClaim.stamped(List.of(FixtureForm.HEAD), List.of(table("coaches")),
                        List.of(constraint("staff_team_id_fkey"))),
                List.of(),
                List.of(),
                List.of("foreign key", "team_id"));
    }

    /** Stamped 018, then exactly what 020 does, by hand, without stamping it. */
    private static void incidentState(AlembicProject project) {
        project.upgrade("018");
        League.seed(project);
        project.database().execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
        League.writeNotes(project);
    }

    /**
     * A small league: two teams, three players, three jersey orders. Valid from revision 012 on
     * (players.phone_number). Player 1 has no jersey and ordered #23; player 2 wears 7 and ordered 9;
     * player 3 has no jersey and ordered a hoodie.
     */
    static final class League {

        static final Survivor PLAYERS = new Survivor("players survive",
                "SELECT id || ' ' || first_name || ' ' || last_name || ' ' || email FROM players ORDER BY id",
                List.of("1 Maya Okafor maya.okafor@example.org", "2 Jonas Reyes jonas.reyes@example.org",
                        "3 Ari Chen ari.chen@example.org"));

        static final Survivor ORDERS = new Survivor("orders survive",
                "SELECT order_number || ' ' || player_id || ' ' || coalesce(jersey_number::text, '-') || ' ' || amount"
                        + " FROM orders ORDER BY id",
                List.of("WS-1001 1 23 89.00", "WS-1002 2 9 89.00", "WS-1003 3 - 55.00"));

        static final Survivor NOTES = new Survivor("custom_notes values survive",
                "SELECT id || ': ' || custom_notes FROM players WHERE custom_notes IS NOT NULL ORDER BY id",
                List.of("1: prefers the left wing", "3: ankle brace; parent pickup only"));

        /** 023 ran exactly once after the seed: only players without a jersey got their latest order's number. */
        static final Survivor JERSEYS_BACKFILLED = new Survivor("023 backfilled jerseys from orders",
                "SELECT id || ':' || coalesce(jersey::text, '-') FROM players ORDER BY id",
                List.of("1:23", "2:7", "3:-"));

        /** 019 ran after the seed: every player's team became a membership. */
        static final Survivor ROSTERS_COPIED = new Survivor("019 copied rosters into player_teams",
                "SELECT player_id || '@' || team_id FROM player_teams ORDER BY player_id",
                List.of("1@1", "2@1", "3@2"));

        private League() {
        }

        static void seed(AlembicProject project) {
            project.database().execute(
                    "INSERT INTO teams (id, name, city) VALUES (1, 'Westside Kings', 'Portland'), (2, 'Eastside Queens', 'Gresham')",
                    "INSERT INTO players (id, team_id, first_name, last_name, email, jersey, position, phone_number) VALUES"
                            + " (1, 1, 'Maya', 'Okafor', 'maya.okafor@example.org', NULL, 'guard', '503-555-0101'),"
                            + " (2, 1, 'Jonas', 'Reyes', 'jonas.reyes@example.org', 7, 'forward', NULL),"
                            + " (3, 2, 'Ari', 'Chen', 'ari.chen@example.org', NULL, 'center', '503-555-0103')",
                    "INSERT INTO orders (id, order_number, player_id, item, jersey_number, amount) VALUES"
                            + " (1, 'WS-1001', 1, 'home jersey', 23, 89.00),"
                            + " (2, 'WS-1002', 2, 'away jersey', 9, 89.00),"
                            + " (3, 'WS-1003', 3, 'hoodie', NULL, 55.00)",
                    // explicit ids: move the sequences past them so later inserts by the app would not collide
                    "SELECT setval('teams_id_seq', 2), setval('players_id_seq', 3), setval('orders_id_seq', 3)");
        }

        /** Requires players.custom_notes. */
        static void writeNotes(AlembicProject project) {
            project.database().execute(
                    "UPDATE players SET custom_notes = 'prefers the left wing' WHERE id = 1",
                    "UPDATE players SET custom_notes = 'ankle brace; parent pickup only' WHERE id = 3");
        }
    }
}
