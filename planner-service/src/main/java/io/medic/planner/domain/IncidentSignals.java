package io.medic.planner.domain;

import io.medic.events.Signal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest signal of each incident (highest sequence), so an expiring plan can be diagnosed again with the
 * evidence that made it. Filled from {@code medic.signals} as it is consumed and replayed; bounded, oldest
 * incidents forgotten first. Thread-safe.
 */
public final class IncidentSignals {

    private final int capacity;
    private final LinkedHashMap<String, Signal> latest;

    public IncidentSignals(int capacity) {
        this.capacity = capacity;
        this.latest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Signal> eldest) {
                return size() > IncidentSignals.this.capacity;
            }
        };
    }

    public synchronized void remember(Signal signal) {
        Signal known = latest.get(signal.incidentId());
        if (known == null || known.sequence() <= signal.sequence()) {
            latest.put(signal.incidentId(), signal);
        }
    }

    public synchronized Optional<Signal> latest(String incidentId) {
        return Optional.ofNullable(latest.get(incidentId));
    }
}
