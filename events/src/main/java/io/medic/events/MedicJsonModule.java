package io.medic.events;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Registers the wire names of the sealed types ({@link StepType}, {@link BlockerKind}) with Jackson, from
 * their one table. {@link EventCodec} uses it; a service's own ObjectMapper (its REST API) registers it too,
 * so there is one JSON form of every record.
 */
public final class MedicJsonModule extends SimpleModule {

    public MedicJsonModule() {
        super("medic-events");
        for (StepType type : StepType.values()) {
            registerSubtypes(new NamedType(type.recordClass(), type.wireName()));
        }
        for (BlockerKind kind : BlockerKind.values()) {
            registerSubtypes(new NamedType(kind.recordClass(), kind.wireName()));
        }
    }
}
