package io.medic.e2e;

import io.medic.events.ContainerKind;
import io.medic.events.Decision;
import io.medic.events.DecisionMode;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Step;
import io.medic.sandbox.basketball.BasketballManifests;
import io.medic.sandbox.basketball.ChainForm;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The seed incident (basketball-api#183) healed by the four services, in each of the ways it happens: the
 * incidents run side by side in one pipeline (the methods run concurrently: junit-platform.properties), each in its
 * own namespace, database and issue.
 */
class SeedIncidentIT {

    /** The seed plan on the linearized chain: 019 is run, never skipped, before 020 is stamped. */
    private static final List<String> SEED_COMMANDS = List.of("alembic upgrade 019", "alembic stamp 020",
            "alembic upgrade head");

    @Test
    void automaticModeHealsTheSeedIncidentWithNoHuman() {
        try (Incident incident = E2e.deploy(Scenario.seed().as("auto", 183))) {
            Recovery recovery = Recovery.await(E2e.pipeline(), incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            assertThat(alembicCommands(recovery.healing())).as("the linearized chain: 019 must end up applied")
                    .isEqualTo(SEED_COMMANDS);
            Decision decision = incident.awaitDecision(recovery.healing(), E2e.TIMEOUT);
            assertThat(decision.mode()).isEqualTo(DecisionMode.AUTOMATIC);
            assertThat(decision.policy()).isNotBlank();
        }
    }

    @Test
    void approvalModeAPersonApprovesOverRestAfterTheApiRefusesWhatItMust() {
        Pipeline pipeline = E2e.pipeline();
        try (Incident incident = E2e.deploy(Scenario.seed().approvedByAPerson().as("approve", 184))) {
            Recovery recovery = Recovery.await(pipeline, incident, (in, plan) -> {
                String api = pipeline.planner().url();
                given().baseUri(api).auth().oauth2(pipeline.viewerToken())
                        .when().get("/plans/{id}", plan.id())
                        .then().statusCode(200).body("status", equalTo("awaiting")).body("plan.digest", equalTo(plan.digest()));
                given().baseUri(api).contentType(ContentType.JSON).body(Map.of("digest", plan.digest()))
                        .when().post("/plans/{id}/approve", plan.id())
                        .then().statusCode(401);
                given().baseUri(api).auth().oauth2(pipeline.viewerToken()).contentType(ContentType.JSON)
                        .body(Map.of("digest", plan.digest()))
                        .when().post("/plans/{id}/approve", plan.id())
                        .then().statusCode(403).body(containsString("viewer"));
                given().baseUri(api).auth().oauth2(pipeline.approverToken()).contentType(ContentType.JSON)
                        .body(Map.of("digest", anotherDigest(plan.digest())))
                        .when().post("/plans/{id}/approve", plan.id())
                        .then().statusCode(409);
                assertThat(in.decisions()).as("nothing refused may decide").isEmpty();
                assertThat(E2e.shell(in.approveCommand(plan, pipeline.approverToken())))
                        .as("the exit code of the line bin/medic demo --approve prints, run as pasted").isZero();
            }, E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            Decision decision = incident.awaitDecision(recovery.healing(), E2e.TIMEOUT);
            assertThat(decision.mode()).isEqualTo(DecisionMode.MANUAL);
            assertThat(decision.by()).isEqualTo("operator");
            assertThat(decision.comment()).isEqualTo("approved in the demo");
            assertThat(incident.decisions()).hasSize(1);
        }
    }

    @Test
    void theBranchedChainIsHealedToBothHeadsMerged() {
        try (Incident incident = E2e.deploy(Scenario.seed().withForm(ChainForm.BRANCHED).as("branched", 185))) {
            Recovery recovery = Recovery.await(E2e.pipeline(), incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            assertThat(alembicCommands(recovery.healing())).as("never a stamp over a revision that did not run")
                    .doesNotContain("alembic stamp head").last().asString().startsWith("alembic upgrade");
        }
    }

    @Test
    void theOldImageIsRolledForwardByAPersonThenTheSecondIncidentIsHealed() {
        try (Incident incident = E2e.deploy(Scenario.seed().fromOldImage().as("old-image", 186))) {
            Recovery recovery = Recovery.await(E2e.pipeline(), incident, E2e.approver(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            Plan rollForward = recovery.rollForward();
            assertThat(rollForward.risk()).isEqualTo(Risk.HIGH);
            assertThat(rollForward.steps()).filteredOn(Step.RollForwardImage.class::isInstance)
                    .singleElement().extracting(s -> ((Step.RollForwardImage) s).toImage())
                    .isEqualTo(incident.scenario().currentImage());
            assertThat(incident.decisions()).filteredOn(d -> d.planId().equals(rollForward.id()))
                    .singleElement().extracting(Decision::mode).isEqualTo(DecisionMode.MANUAL);
            assertThat(alembicCommands(recovery.healing())).isEqualTo(SEED_COMMANDS);
        }
    }

    @Test
    void migrationsInAnInitContainerAreHealedTheSameWay() {
        try (Incident incident = E2e.deploy(Scenario.seed().withVariant(BasketballManifests.Variant.INIT_CONTAINER)
                .as("init-container", 187))) {
            Recovery recovery = Recovery.await(E2e.pipeline(), incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            assertThat(incident.signals().get(0).container().kind()).isEqualTo(ContainerKind.INIT);
            assertThat(alembicCommands(recovery.healing())).isEqualTo(SEED_COMMANDS);
        }
    }

    @Test
    void migrationsInAHookJobAreHealedTheSameWay() {
        try (Incident incident = E2e.deploy(Scenario.seed().withVariant(BasketballManifests.Variant.HOOK_JOB)
                .as("hook-job", 188))) {
            Recovery recovery = Recovery.await(E2e.pipeline(), incident, E2e.nobody(), E2e.TIMEOUT);

            E2e.assertRecovered(incident, recovery);
            assertThat(incident.signals().get(0).container().kind()).isEqualTo(ContainerKind.JOB);
            assertThat(alembicCommands(recovery.healing())).isEqualTo(SEED_COMMANDS);
        }
    }

    /** A digest of the same form that is not the plan's: what approving a stale copy of the plan sends. */
    private static String anotherDigest(String digest) {
        char last = digest.charAt(digest.length() - 1);
        return digest.substring(0, digest.length() - 1) + (last == '0' ? '1' : '0');
    }

    static List<String> alembicCommands(Plan plan) {
        return plan.steps().stream().map(Step::alembicCommand).filter(Objects::nonNull).toList();
    }
}
