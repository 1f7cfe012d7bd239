package io.medic.planner.domain;

import io.medic.events.Risk;

import java.util.Locale;
import java.util.Optional;

/**
 * The highest risk the automatic mode may approve. HIGH is not a level: an image change always waits for a
 * person. NONE approves nothing (advice plans have nothing to approve).
 */
public enum AutoApproveLevel {
    NONE(Risk.NONE),
    LOW(Risk.LOW),
    MEDIUM(Risk.MEDIUM);

    private final Risk maxRisk;

    AutoApproveLevel(Risk maxRisk) {
        this.maxRisk = maxRisk;
    }

    /** Whether a plan of {@code risk} with something to execute may be approved automatically. */
    public boolean allows(Risk risk) {
        return risk != Risk.NONE && risk != Risk.HIGH && risk.compareTo(maxRisk) <= 0;
    }

    /** The stricter of the two. */
    public AutoApproveLevel narrowedTo(AutoApproveLevel other) {
        return other.compareTo(this) < 0 ? other : this;
    }

    /** {@code none}, {@code low} or {@code medium}, any case; empty for anything else. */
    public static Optional<AutoApproveLevel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "low" -> Optional.of(LOW);
            case "medium" -> Optional.of(MEDIUM);
            default -> Optional.empty();
        };
    }
}
