package io.medic.events;

import java.time.Instant;

/** The last termination of the failing container, as the kubelet reported it. */
public record Termination(Integer exitCode, String reason, Instant finishedAt) {
}
