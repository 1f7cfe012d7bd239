package io.medic.planner.service;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Blocker;
import io.medic.events.EventCodec;
import io.medic.events.Plan;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.planner.ForgeServer;
import io.medic.planner.GitFixture;
import io.medic.planner.PlannerScenario;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration sources of {@code medic.io/migrations}, read for the seed incident: a git repository at the
 * image's commit (JGit), the forge's contents API at that ref (WireMock standing in for Forgejo), and what
 * happens when a source cannot be read — a NEEDS_HUMAN plan naming the source and the reason, never a token
 * or a password; and a database that refuses the connection.
 */
@QuarkusTest
class MigrationSourceTests extends PlannerScenario {

    @TempDir
    static Path temp;
    static GitFixture git;
    static ThrowawayDatabase db;

    @BeforeAll
    static void incident() {
        git = GitFixture.create(temp);
        db = new ThrowawayDatabase("planner-sources").open();
        AlembicProject.copyOf(FixtureForm.BRANCHED, temp, db).upgrade("018");
        db.execute("ALTER TABLE players ADD COLUMN custom_notes TEXT");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private Plan planFor(String image, String migrations) {
        deployment(Map.of());
        databaseSecret(db.url());
        String incident = newIncident();
        publish(signal(incident, 1, "db.duplicate-column", image, migrations));
        return awaitPlan(incident);
    }

    private static List<String> alembicCommands(Plan plan) {
        return plan.steps().stream().map(Step::alembicCommand).filter(c -> c != null).toList();
    }

    @Test
    void aGitSourceIsReadAtTheCrashedImagesCommit() {
        Plan plan = planFor(IMAGE_REPO + ":" + GitFixture.short7(git.current), "git:" + git.url() + "#alembic/versions");
        assertThat(plan.verdict()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(alembicCommands(plan)).containsExactly("alembic stamp 020", "alembic upgrade head");
        assertThat(plan.summary()).contains("migrations of commit " + GitFixture.short7(git.current));
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveGivesAPlanNamingTheSource() {
        Plan plan = planFor(IMAGE_REPO + ":deadbee", "git:" + git.url() + "#alembic/versions");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.SourceUnavailable.class,
                b -> {
                    assertThat(b.source()).isEqualTo("git:" + git.url() + "#alembic/versions");
                    assertThat(b.problem()).contains("commit deadbee is not in");
                });
        assertThat(metric("medic_source_read_failures_total", "kind=\"unknown-commit\",source=\"git\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnreachableGitServerNeverLeaksTheUrlsPassword() {
        Plan plan = planFor(IMAGE_REPO + ":" + SEED_COMMIT, "git:http://bob:hunter2-secret@127.0.0.1:9/basketball.git");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOf(Blocker.SourceUnavailable.class);
        assertThat(plan.summary()).contains("git:http://***@127.0.0.1:9/basketball.git");
        assertThat(EventCodec.encodeToString(plan)).doesNotContain("hunter2");
    }

    @Test
    void aForgeSourceIsReadThroughTheContentsApiAtTheImagesRef() throws IOException {
        WireMockServer forge = ForgeServer.server();
        String ref = "a1b2c3d";
        stubForgeDirectory(forge, "forgejo_admin", "basketball-api", "alembic/versions", ref,
                AlembicProject.fixtureDirectory(FixtureForm.BRANCHED).resolve("versions"));
        Plan plan = planFor(IMAGE_REPO + ":" + ref, "forge:forgejo_admin/basketball-api#alembic/versions");

        assertThat(alembicCommands(plan)).containsExactly("alembic stamp 020", "alembic upgrade head");
        forge.verify(getRequestedFor(urlPathEqualTo("/api/v1/repos/forgejo_admin/basketball-api/contents/alembic/versions"))
                .withQueryParam("ref", equalTo(ref))
                .withHeader("Authorization", equalTo("token " + ForgeServer.TOKEN)));
    }

    @Test
    void aForgeThatDoesNotHaveThePathGivesAPlanNamingTheSourceAndNotTheToken() {
        ForgeServer.server().stubFor(get(urlPathMatching("/api/v1/repos/forgejo_admin/missing/contents/.*"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"not found\"}")));
        Plan plan = planFor(IMAGE_REPO + ":" + SEED_COMMIT, "forge:forgejo_admin/missing#db/versions");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.SourceUnavailable.class,
                b -> assertThat(b.text()).contains("forge:forgejo_admin/missing#db/versions", "HTTP 404"));
        assertThat(EventCodec.encodeToString(plan)).doesNotContain(ForgeServer.TOKEN);
    }

    @Test
    void aDirectoryThatDoesNotParseGivesAPlanWithTheReason() throws IOException {
        Path broken = Files.createDirectories(temp.resolve("broken-versions"));
        Files.writeString(broken.resolve("001_broken.py"), "revision = '001'\ndown_revision = None\ndef upgrade(:\n");
        Plan plan = planFor(IMAGE_REPO + ":" + SEED_COMMIT, "dir:" + broken);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.verdict()).isEqualTo(Verdict.BAD_INPUT);
        assertThat(plan.diagnosis().reason()).contains("001_broken.py");
    }

    @Test
    void aDatabaseThatRefusesTheConnectionGivesAPlanWithTheReasonAndNoPassword() {
        deployment(Map.of());
        databaseSecret("postgresql://medic:refused-Pa55@127.0.0.1:9/basketball");
        String incident = newIncident();
        publish(signal(incident, 1, "db.duplicate-column", IMAGE_REPO + ":" + SEED_COMMIT,
                "dir:" + AlembicProject.fixtureDirectory(FixtureForm.BRANCHED).resolve("versions")));
        Plan plan = awaitPlan(incident);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.verdict()).isEqualTo(Verdict.BAD_INPUT);
        assertThat(EventCodec.encodeToString(plan)).doesNotContain("refused-Pa55");
    }

    @Test
    void aMissingSecretGivesAPlanNamingTheSecret() {
        deployment(Map.of());
        String incident = newIncident();
        publish(signal(incident, 1, "db.duplicate-column", IMAGE_REPO + ":" + SEED_COMMIT,
                "dir:" + AlembicProject.fixtureDirectory(FixtureForm.BRANCHED).resolve("versions")));
        Plan plan = awaitPlan(incident);
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.MissingLink.class,
                b -> assertThat(b.text()).contains("Secret " + namespace + "/basketball-db does not exist"));
    }

    @Test
    void aSignalNamingASecretTheWorkloadDoesNotNameGivesAPlanWithoutReadingIt() {
        deployment(Map.of("medic.io/database-secret", "reporting-db/url"));
        databaseSecret("postgresql://medic:never-read-Pa55@127.0.0.1:5432/basketball");
        String incident = newIncident();
        publish(signal(incident, 1, "db.duplicate-column", IMAGE_REPO + ":" + SEED_COMMIT,
                "dir:" + AlembicProject.fixtureDirectory(FixtureForm.BRANCHED).resolve("versions")));
        Plan plan = awaitPlan(incident);
        assertThat(plan.verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.MissingLink.class,
                b -> assertThat(b.text()).contains("the signal names Secret basketball-db (key url)")
                        .contains("names reporting-db (key url)"));
        assertThat(EventCodec.encodeToString(plan)).doesNotContain("never-read-Pa55");
    }

    /** Forgejo's contents API: the directory listing with blob shas, and each file base64 at the same ref. */
    static void stubForgeDirectory(WireMockServer forge, String owner, String repo, String path, String ref, Path dir)
            throws IOException {
        StringBuilder listing = new StringBuilder("[");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        String base = "/api/v1/repos/" + owner + "/" + repo + "/contents/";
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            String sha = io.medic.events.Digests.shortSha256Hex(new String(bytes), 40);
            if (listing.length() > 1) {
                listing.append(',');
            }
            listing.append("{\"name\":\"").append(name).append("\",\"path\":\"").append(path).append('/').append(name)
                    .append("\",\"sha\":\"").append(sha).append("\",\"type\":\"file\"}");
            forge.stubFor(get(urlPathEqualTo(base + path + "/" + name)).withQueryParam("ref", equalTo(ref))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                            "{\"name\":\"" + name + "\",\"sha\":\"" + sha + "\",\"type\":\"file\",\"encoding\":\"base64\","
                                    + "\"content\":\"" + Base64.getMimeEncoder().encodeToString(bytes)
                                    .replace("\r\n", "\\n") + "\"}")));
        }
        listing.append(",{\"name\":\"__pycache__\",\"path\":\"").append(path).append("/__pycache__\",\"type\":\"dir\"}]");
        forge.stubFor(get(urlPathEqualTo(base + path)).withQueryParam("ref", equalTo(ref))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(listing.toString())));
    }
}
