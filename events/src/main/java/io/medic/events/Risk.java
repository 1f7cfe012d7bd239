package io.medic.events;

/** How much a plan can change. Auto-approval compares against a maximum risk. */
public enum Risk {
    /** Advice only: no steps. */
    NONE,
    /** Stamps the version table and restarts; no DDL runs. */
    LOW,
    /** Runs migrations. */
    MEDIUM,
    /** Changes an image, or anything else. */
    HIGH
}
