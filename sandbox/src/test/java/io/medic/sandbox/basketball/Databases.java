package io.medic.sandbox.basketball;

import io.medic.testsupport.ThrowawayDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Copies of a database, for scenarios that each need the incident's state (PostgreSQL's CREATE DATABASE ... TEMPLATE). */
final class Databases {

    private Databases() {
    }

    /** Replaces the (empty, unused) database {@code target} with a copy of {@code template}. */
    static void replaceWithCopy(ThrowawayDatabase target, ThrowawayDatabase template) {
        Properties credentials = new Properties();
        credentials.setProperty("user", ThrowawayDatabase.user());
        if (ThrowawayDatabase.password() != null) {
            credentials.setProperty("password", ThrowawayDatabase.password());
        }
        String admin = "jdbc:postgresql://" + ThrowawayDatabase.host() + ":" + ThrowawayDatabase.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, credentials); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + target.name() + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + target.name() + " TEMPLATE " + template.name());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy " + template.name() + " to " + target.name() + ": " + e.getMessage(), e);
        }
    }
}
