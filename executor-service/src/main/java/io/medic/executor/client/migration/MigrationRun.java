package io.medic.executor.client.migration;

/** How one {@code alembic upgrade} ended: whether it exited 0, its output (Alembic's log), and one line. */
public record MigrationRun(boolean succeeded, String output, String detail) {
}
