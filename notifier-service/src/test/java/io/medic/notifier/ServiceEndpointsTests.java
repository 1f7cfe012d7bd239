package io.medic.notifier;

import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class ServiceEndpointsTests extends ServiceEndpointsContract {
}
