package io.medic.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medic.events.MedicJsonModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A service's own ObjectMapper (its REST API, its health and OpenAPI output) writes Medic's records exactly
 * as the wire does: the sealed types under their wire names, from the events module's one table.
 */
@Singleton
public class EventJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new MedicJsonModule());
    }
}
