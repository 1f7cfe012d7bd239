package io.medic.planner.rest;

import io.medic.events.Decision;
import io.medic.events.DecisionKind;
import io.medic.events.DecisionMode;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.planner.PlannerScenario;
import io.medic.planner.Plans;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The approval API over real HTTP, answering from the view the planner rebuilds from the topics: every status
 * code the issue lists, idempotent approval, decisions confirmed by Kafka before the answer, who/when/comment.
 */
@QuarkusTest
class ApprovalApiTests extends PlannerScenario {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Puts a plan on medic.plans and waits until the API shows it. */
    private Plan known(Plan plan) {
        publish(plan);
        Awaitility.await().atMost(WAIT).until(() -> as(VIEWER).get("/plans/" + plan.id()).statusCode() == 200);
        return plan;
    }

    private Plan awaiting() {
        Instant now = Instant.now();
        return known(Plans.stampPlan(workload(), newIncident(), now, now.plus(Duration.ofMinutes(30)), null));
    }

    private static String approval(String digest) {
        return "{\"digest\":\"" + digest + "\",\"comment\":\"looks right\"}";
    }

    @Test
    void withoutAValidTokenEveryPlanRouteIs401() {
        Plan plan = awaiting();
        given().get("/plans").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        as("not-a-token").get("/plans/" + plan.id()).then().statusCode(401);
        given().header("Authorization", "Basic YWxpY2U6eA==").get("/plans").then().statusCode(401);
        given().contentType(ContentType.JSON).body(approval(plan.digest())).post("/plans/" + plan.id() + "/approve")
                .then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aViewerReadsButCannotDecide() {
        Plan plan = awaiting();
        as(VIEWER).get("/plans?status=awaiting").then().statusCode(200).body("id", hasItem(plan.id()));
        as(VIEWER).contentType(ContentType.JSON).body(approval(plan.digest())).post("/plans/" + plan.id() + "/approve")
                .then().statusCode(403).body("error", containsString("viewer"));
        as(VIEWER).contentType(ContentType.JSON).body("{\"reason\":\"no\"}").post("/plans/" + plan.id() + "/reject")
                .then().statusCode(403);
        assertThat(decisionsOf(plan.id())).isEmpty();
    }

    @Test
    void anUnknownPlanIs404() {
        as(VIEWER).get("/plans/plan-0000000000000000").then().statusCode(404);
        as(APPROVER).contentType(ContentType.JSON).body(approval("ab".repeat(32)))
                .post("/plans/plan-0000000000000000/approve").then().statusCode(404);
    }

    @Test
    void aMalformedBodyIs422() {
        Plan plan = awaiting();
        String path = "/plans/" + plan.id() + "/approve";
        for (String body : new String[]{"", "not json", "[]", "{}", "{\"digest\":42}", "{\"digest\":\"short\"}"}) {
            as(APPROVER).contentType(ContentType.JSON).body(body).post(path).then().statusCode(422)
                    .body("status", equalTo(422));
        }
        as(APPROVER).contentType(ContentType.JSON).body("{\"reason\":\"\"}").post("/plans/" + plan.id() + "/reject")
                .then().statusCode(422).body("error", containsString("reason"));
    }

    @Test
    void aDigestThatIsNotThePlansIs409() {
        Plan plan = awaiting();
        as(APPROVER).contentType(ContentType.JSON).body(approval("0".repeat(64))).post("/plans/" + plan.id() + "/approve")
                .then().statusCode(409).body("error", containsString("not the plan's"));
        assertThat(decisionsOf(plan.id())).isEmpty();
    }

    @Test
    void anApprovalIsPublishedConfirmedAndIdempotent() {
        Plan plan = awaiting();
        Decision first = as(APPROVER).contentType(ContentType.JSON).body(approval(plan.digest()))
                .post("/plans/" + plan.id() + "/approve").then().statusCode(200)
                .extract().as(Decision.class);
        assertThat(first.kind()).isEqualTo(DecisionKind.APPROVE);
        assertThat(first.mode()).isEqualTo(DecisionMode.MANUAL);
        assertThat(first.by()).isEqualTo("alice");
        assertThat(first.comment()).isEqualTo("looks right");
        assertThat(first.planDigest()).isEqualTo(plan.digest());
        // acknowledged only after Kafka confirmed: it is on the topic when the answer arrives
        assertThat(decisionsOf(plan.id())).containsExactly(first);

        Decision second = as(APPROVER).contentType(ContentType.JSON).body("{\"digest\":\"" + plan.digest()
                        + "\",\"comment\":\"again\"}").post("/plans/" + plan.id() + "/approve").then().statusCode(200)
                .extract().as(Decision.class);
        assertThat(second).isEqualTo(first);
        assertThat(decisionsOf(plan.id())).hasSize(1);

        as(APPROVER).contentType(ContentType.JSON).body("{\"reason\":\"changed my mind\"}")
                .post("/plans/" + plan.id() + "/reject").then().statusCode(409).body("error", containsString("approved"));
        as(VIEWER).get("/plans/" + plan.id()).then().statusCode(200).body("status", equalTo("approved"))
                .body("decision.by", equalTo("alice"));
        as(VIEWER).get("/plans?status=approved").then().body("id", hasItem(plan.id()));
        as(VIEWER).get("/plans?status=awaiting").then().body("id", not(hasItem(plan.id())));
    }

    @Test
    void aRejectionRecordsWhoWhenAndWhy() {
        Plan plan = awaiting();
        Decision rejected = as(APPROVER).contentType(ContentType.JSON).body("{\"reason\":\"not during the match\"}")
                .post("/plans/" + plan.id() + "/reject").then().statusCode(200).extract().as(Decision.class);
        assertThat(rejected.kind()).isEqualTo(DecisionKind.REJECT);
        assertThat(rejected.comment()).isEqualTo("not during the match");
        assertThat(rejected.at()).isBeforeOrEqualTo(Instant.now());
        as(APPROVER).contentType(ContentType.JSON).body(approval(plan.digest())).post("/plans/" + plan.id() + "/approve")
                .then().statusCode(409).body("error", containsString("rejected"));
        as(VIEWER).get("/plans/" + plan.id()).then().body("status", equalTo("rejected"));
    }

    @Test
    void anExpiredOrSupersededPlanIs410() {
        Instant now = Instant.now();
        Plan expired = known(Plans.stampPlan(workload(), newIncident(), now.minus(Duration.ofHours(1)),
                now.minus(Duration.ofMinutes(1)), null));
        as(APPROVER).contentType(ContentType.JSON).body(approval(expired.digest()))
                .post("/plans/" + expired.id() + "/approve").then().statusCode(410).body("error", containsString("expired"));
        as(VIEWER).get("/plans?status=expired").then().body("id", hasItem(expired.id()));

        String incident = newIncident();
        Plan older = known(Plans.stampPlan(workload(), incident, now, now.plus(Duration.ofMinutes(30)), null));
        Plan newer = known(Plans.stampPlan(workload(), incident, now.plusSeconds(1), now.plus(Duration.ofMinutes(31)),
                older.id()));
        as(APPROVER).contentType(ContentType.JSON).body(approval(older.digest()))
                .post("/plans/" + older.id() + "/approve").then().statusCode(410)
                .body("error", containsString(newer.id()));
        as(VIEWER).get("/plans/" + older.id()).then().body("status", equalTo("superseded"))
                .body("supersededBy", equalTo(newer.id()));
        assertThat(decisionsOf(older.id())).isEmpty();
    }

    @Test
    void aPlanWithNothingToExecuteCannotBeApproved() {
        Plan advice = known(Plans.advicePlan(workload(), newIncident(), Instant.now()));
        as(APPROVER).contentType(ContentType.JSON).body(approval(advice.digest()))
                .post("/plans/" + advice.id() + "/approve").then().statusCode(409)
                .body("error", containsString("nothing to execute"));
    }

    @Test
    void onePlanShowsItsDiagnosisTableDecisionAndExecutionSoFar() {
        Plan plan = awaiting();
        as(APPROVER).contentType(ContentType.JSON).body(approval(plan.digest())).post("/plans/" + plan.id() + "/approve")
                .then().statusCode(200);
        Instant t = Instant.now();
        publish(new Execution(plan.id(), ExecutionPhase.LIVE, 1, "alembic-stamp", ExecutionStatus.STARTED, null,
                "alembic stamp 002", "", t, t));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as(VIEWER).get("/plans/" + plan.id()).then()
                .body("status", equalTo("executing")).body("executions.size()", equalTo(1)));
        publish(new Execution(plan.id(), ExecutionPhase.LIVE, Execution.WHOLE_PLAN, null, ExecutionStatus.FINISHED,
                Outcome.SUCCEEDED, "4 steps", "", t, t.plusSeconds(5)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> as(VIEWER).get("/plans/" + plan.id()).then()
                .body("status", equalTo("done")).body("executions.size()", equalTo(2)));

        as(VIEWER).get("/plans/" + plan.id()).then().statusCode(200)
                .body("plan.digest", equalTo(plan.digest()))
                .body("plan.steps[1].type", equalTo("alembic-stamp"))
                .body("table.revision", org.hamcrest.Matchers.contains("001", "002"))
                .body("table[1].state", equalTo("PRESENT_UNSTAMPED"))
                .body("decision.kind", equalTo("APPROVE"))
                .body("executions[1].outcome", equalTo("SUCCEEDED"));
        as(VIEWER).get("/plans?status=done").then().body("id", hasItem(plan.id()));
        as(VIEWER).get("/plans?status=bogus").then().statusCode(400);
        as(VIEWER).get("/plans?limit=0").then().statusCode(400);
        as(VIEWER).get("/plans?limit=1").then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void theApiIsInTheOpenApiDocument() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(doc).contains("/plans/{id}/approve", "/plans/{id}/reject", "bearer", "\"410\"", "\"422\"");
    }
}
