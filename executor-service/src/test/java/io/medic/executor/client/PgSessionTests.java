package io.medic.executor.client;

import io.medic.executor.domain.DatabaseUrl;
import io.medic.executor.domain.ScratchDatabase;
import io.medic.testsupport.ThrowawayDatabase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor's PostgreSQL session on a real server: the stamp transaction, the advisory lock, scratch databases. */
class PgSessionTests {

    @RegisterExtension
    static ThrowawayDatabase db = new ThrowawayDatabase("pg session");

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static PgSession open() {
        return PgSession.connect(vertx, DatabaseUrl.parse(db.url()), "test");
    }

    private static void versionTable(String schema, String... rows) {
        String table = PgSession.identifier(schema) + ".alembic_version";
        db.execute("CREATE SCHEMA IF NOT EXISTS " + PgSession.identifier(schema), "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
        for (String row : rows) {
            db.execute("INSERT INTO " + table + " VALUES ('" + row + "')");
        }
    }

    @Test
    void aStampRewritesTheRowsToExactlyTheResultInOneTransaction() {
        versionTable("public", "020", "021");
        try (PgSession session = open()) {
            PgSession.Stamped stamped = session.stamp("public", List.of("021", "020"), List.of("022"));

            assertThat(stamped.applied()).isTrue();
            assertThat(stamped.before()).containsExactly("020", "021");
            assertThat(session.versionRows("public")).contains(List.of("022"));
        }
    }

    @Test
    void aStampThatFindsOtherRowsUnderTheLockChangesNothing() {
        versionTable("public", "019");
        try (PgSession session = open()) {
            PgSession.Stamped stamped = session.stamp("public", List.of("018"), List.of("020"));

            assertThat(stamped.applied()).isFalse();
            assertThat(stamped.before()).containsExactly("019");
            assertThat(session.versionRows("public")).contains(List.of("019"));
        }
    }

    @Test
    void aStampThatFailsHalfWayRollsBack() {
        versionTable("public", "018");
        try (PgSession session = open()) {
            String tooLong = "0".repeat(40);
            assertThatThrownBy(() -> session.stamp("public", List.of("018"), List.of("020", tooLong)))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("write alembic_version");
            assertThat(session.versionRows("public")).as("rolled back, not emptied").contains(List.of("018"));
            assertThat(session.alive()).isTrue();
        }
    }

    @Test
    void anyTextIsOneQuotedSchemaNameAndRevisionsAreBoundNotPasted() {
        String schema = "tenant\"; DROP TABLE x; --";
        versionTable(schema, "018");
        try (PgSession session = open()) {
            assertThat(session.schemaExists(schema)).isTrue();
            PgSession.Stamped stamped = session.stamp(schema, List.of("018"), List.of("02'0"));
            assertThat(stamped.applied()).isTrue();
            assertThat(session.versionRows(schema)).contains(List.of("02'0"));
            assertThat(session.snapshot(schema).versionRows()).containsExactly("02'0");
        }
    }

    @Test
    void aStampCreatesTheVersionTableLikeAlembicWhenThereIsNone() {
        db.execute("CREATE SCHEMA IF NOT EXISTS fresh", "DROP TABLE IF EXISTS fresh.alembic_version");
        try (PgSession session = open()) {
            assertThat(session.versionRows("fresh")).isEmpty();
            assertThat(session.stamp("fresh", List.of(), List.of("024")).applied()).isTrue();
            assertThat(session.versionRows("fresh")).contains(List.of("024"));
        }
    }

    @Test
    void aSecondSessionWaitsForTheAdvisoryLockAndGivesUpAtItsDeadline() throws Exception {
        try (PgSession first = open(); PgSession second = open()) {
            first.lock(42L, Duration.ofSeconds(1));
            assertThatThrownBy(() -> second.lock(42L, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.lockTimeout()).isTrue());

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> second.lock(42L, Duration.ofSeconds(30)));
            assertThat(waiting).isNotDone();
            first.close();
            waiting.get(30, TimeUnit.SECONDS);
            second.unlock(42L);
        }
    }

    @Test
    void scratchDatabasesAreTheExecutorsOwnNamesOnlyAndNeedCreatedb() {
        String scratch = ScratchDatabase.nameFor("pg-session-test-" + ProcessHandle.current().pid());
        String role = "medic_nocreatedb_" + ProcessHandle.current().pid();
        try (PgSession session = open()) {
            session.createScratchDatabase(scratch);
            session.dropScratchDatabase(scratch);
            assertThatThrownBy(() -> session.createScratchDatabase("postgres")).isInstanceOf(IllegalArgumentException.class);
            db.execute("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN NOCREATEDB");
            DatabaseUrl limited = DatabaseUrl.parse("postgresql://" + role + "@" + ThrowawayDatabase.host() + ":"
                    + ThrowawayDatabase.port() + "/" + db.name());
            try (PgSession without = PgSession.connect(vertx, limited, "test")) {
                assertThatThrownBy(() -> without.createScratchDatabase(scratch))
                        .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.insufficientPrivilege()).isTrue());
            }
        } finally {
            db.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void aRefusedConnectionIsTransientAndNamesNoPassword() {
        DatabaseUrl closed = DatabaseUrl.parse("postgresql://app:hunter2@127.0.0.1:1/app");
        assertThatThrownBy(() -> PgSession.connect(vertx, closed, "test"))
                .isInstanceOfSatisfying(DatabaseException.class, e -> {
                    assertThat(io.medic.executor.domain.Transient.is(e)).isTrue();
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }
}
