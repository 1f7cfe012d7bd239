package io.medic.detector;

import io.medic.detector.service.DetectorLifecycle;
import io.medic.testsupport.KafkaResource;
import io.medic.testsupport.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(CrudKubernetesServer.class)
class ServiceEndpointsTests extends ServiceEndpointsContract {

    @Inject
    DetectorLifecycle detector;

    /** The detector turns ready once it has read medic.signals back and its informers have synced. */
    @BeforeEach
    void detectorStarted() {
        await().atMost(Duration.ofSeconds(60)).until(detector::ready);
    }
}
