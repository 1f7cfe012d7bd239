package io.medic.planner;

import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

/** The endpoints every service serves; same resources as {@link PlannerScenario}, so the same boot. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(ForgeServer.class)
class ServiceEndpointsTests extends ServiceEndpointsContract {

    @Test
    void readinessIncludesThePlanView() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("plan view"));
    }
}
