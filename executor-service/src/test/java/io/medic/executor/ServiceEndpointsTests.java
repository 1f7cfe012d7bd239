package io.medic.executor;

import io.medic.executor.testing.AlembicProjects;
import io.medic.executor.testing.CrudKubernetesServer;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
@QuarkusTestResource(AlembicProjects.class)
class ServiceEndpointsTests extends ServiceEndpointsContract {

    @Test
    void readinessIncludesTheLedgerReadBack() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("ledger read back"));
    }
}
