package io.medic.doctor.schema;

import io.medic.events.schema.SchemaShape;
import io.medic.events.schema.TableShape;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live schema as the engine reads it, from a real PostgreSQL database. */
class SnapshotReaderIT {

    @RegisterExtension
    static ThrowawayDatabase db = new ThrowawayDatabase("snapshot");

    private static SchemaSnapshot read(String schema) throws SnapshotException {
        return SnapshotReader.read(DatabaseTarget.parse(db.url()), schema);
    }

    @Test
    void readsTablesColumnsKeysIndexesAndConstraints() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS shop CASCADE", "CREATE SCHEMA shop",
                "CREATE TABLE shop.teams (id serial PRIMARY KEY, name varchar(100) NOT NULL UNIQUE)",
                "CREATE TABLE shop.players (id bigint PRIMARY KEY, team_id integer REFERENCES shop.teams (id),"
                        + " born timestamptz, score numeric(10, 2), tags text[], CONSTRAINT score_positive CHECK (score > 0),"
                        + " CONSTRAINT uq_players_team_born UNIQUE (team_id, born))",
                "CREATE INDEX ix_players_born ON shop.players (born)",
                "CREATE UNIQUE INDEX ix_players_lower ON shop.players ((score * 2))",
                "CREATE INDEX ix_players_covering ON shop.players (team_id) INCLUDE (score)");
        SchemaSnapshot snapshot = read("shop");
        SchemaShape shape = snapshot.model().toShape();

        TableShape players = shape.table("players").orElseThrow();
        assertThat(players.column("id").type()).isEqualTo("bigint");
        assertThat(players.column("id").nullable()).isFalse();
        assertThat(players.column("born").type()).isEqualTo("timestamp with time zone");
        assertThat(players.column("score").type()).isEqualTo("numeric(10,2)");
        assertThat(players.column("tags").type()).isEqualTo("text[]");
        assertThat(players.primaryKey().columns()).containsExactly("id");
        assertThat(players.primaryKey().name()).isEqualTo("players_pkey");
        assertThat(players.uniques()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("uq_players_team_born");
            assertThat(u.columns()).containsExactly("team_id", "born");
        });
        assertThat(players.foreignKeys()).singleElement().satisfies(f -> {
            assertThat(f.columns()).containsExactly("team_id");
            assertThat(f.referredTable()).isEqualTo("teams");
            assertThat(f.referredColumns()).containsExactly("id");
        });
        assertThat(players.indexes()).extracting(i -> i.name() + " " + i.columns() + " " + i.unique())
                .containsExactlyInAnyOrder("ix_players_born [born] false", "ix_players_covering [team_id] false",
                        "ix_players_lower [(expression)] true");
        TableShape teams = shape.table("teams").orElseThrow();
        assertThat(teams.column("name").type()).isEqualTo("character varying(100)");
        assertThat(teams.indexes()).as("indexes backing constraints are not indexes of their own").isEmpty();
        assertThat(snapshot.versionTableExists()).isFalse();
        assertThat(snapshot.versionRows()).isEmpty();
        assertThat(snapshot.fingerprint()).isEqualTo(shape.fingerprint()).hasSize(64);
    }

    @Test
    void aForeignKeysOnDeleteRuleIsPartOfTheShapeItsFingerprintAndTheComparisonFromTheWire() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS rules CASCADE", "CREATE SCHEMA rules",
                "CREATE TABLE rules.seasons (id integer PRIMARY KEY)",
                "CREATE TABLE rules.games (id integer PRIMARY KEY, season_id integer,"
                        + " CONSTRAINT fk_games_season FOREIGN KEY (season_id) REFERENCES rules.seasons (id) ON DELETE SET NULL)");
        SchemaSnapshot setNull = read("rules");
        SchemaShape planned = setNull.model().toShape();
        assertThat(planned.table("games").orElseThrow().foreignKeys()).singleElement()
                .satisfies(f -> assertThat(f.onDelete()).isEqualTo("SET NULL"));

        // the same constraint by name and columns, only the rule differs: what a revision like 017 changes
        db.execute("ALTER TABLE rules.games DROP CONSTRAINT fk_games_season",
                "ALTER TABLE rules.games ADD CONSTRAINT fk_games_season FOREIGN KEY (season_id) REFERENCES rules.seasons (id)");
        SchemaSnapshot noAction = read("rules");

        assertThat(noAction.fingerprint()).as("the executor's precondition sees the rule").isNotEqualTo(setNull.fingerprint());
        assertThat(SchemaComparison.differences(SchemaModel.of(planned), noAction.model(), List.of("seasons", "games")))
                .as("the executor's post-condition, from the plan's wire shape, sees the rule")
                .extracting(Difference::text).containsExactlyInAnyOrder(
                        "foreign key fk_games_season games (season_id) -> seasons (id) on delete SET NULL is absent",
                        "foreign key fk_games_season games (season_id) -> seasons (id) exists");
        assertThat(SchemaComparison.differences(SchemaModel.of(planned), setNull.model(), List.of("seasons", "games")))
                .isEmpty();
    }

    @Test
    void theVersionTableIsASetOfRowsAndIsNotPartOfTheSchema() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS app CASCADE", "CREATE SCHEMA app",
                "CREATE TABLE app.alembic_version (version_num varchar(32) PRIMARY KEY)",
                "CREATE TABLE app.things (id integer)");
        assertThat(read("app").versionTableExists()).isTrue();
        assertThat(read("app").versionRows()).isEmpty();
        db.execute("INSERT INTO app.alembic_version VALUES ('b2'), ('a1')");
        SchemaSnapshot snapshot = read("app");
        assertThat(snapshot.versionRows()).containsExactly("a1", "b2");
        assertThat(snapshot.model().tableNames()).containsExactly("things");
    }

    @Test
    void aSchemaNameIsAQuotedLiteralAndAQuotedIdentifier() throws Exception {
        db.execute("CREATE SCHEMA IF NOT EXISTS \"odd\"\"name\"",
                "CREATE TABLE IF NOT EXISTS \"odd\"\"name\".alembic_version (version_num varchar(32))",
                "INSERT INTO \"odd\"\"name\".alembic_version VALUES ('x1')");
        assertThat(read("odd\"name").versionRows()).containsExactly("x1");
        assertThat(read("no'such; DROP TABLE x").model().tableNames()).isEmpty();
    }

    @Test
    void theSessionCannotWrite() throws Exception {
        assertThat(SnapshotReader.sessionIsReadOnly(DatabaseTarget.parse(db.url()))).isTrue();
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabaseTarget target = DatabaseTarget.parse("postgresql://medic:hunter2-secret@127.0.0.1:" + port + "/db");
        assertThat(target.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> SnapshotReader.read(target, "public"))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("cannot connect to postgresql://medic:***@127.0.0.1:" + port + "/db")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
    }

    @Test
    void urlsInTheFormsPeopleWriteThem() {
        assertThat(DatabaseTarget.parse("postgresql+psycopg2://u:p%40ss@db.local:6543/app").redacted())
                .isEqualTo("postgresql://u:***@db.local:6543/app");
        assertThat(DatabaseTarget.parse("postgres://db.local/app").port()).isEqualTo(5432);
        for (String bad : List.of("", "mysql://u@h/db", "postgresql://u@/db", "postgresql://u@h", "not a url")) {
            assertThatThrownBy(() -> DatabaseTarget.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
