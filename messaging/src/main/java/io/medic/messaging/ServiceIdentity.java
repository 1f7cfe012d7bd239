package io.medic.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The running service's name ({@code quarkus.application.name}) and its CloudEvent source. */
@ApplicationScoped
public class ServiceIdentity {

    private final String name;

    public ServiceIdentity(@ConfigProperty(name = "quarkus.application.name") String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The CloudEvent {@code source} of everything this service publishes, e.g. {@code medic/planner-service}. */
    public String source() {
        return "medic/" + name;
    }
}
