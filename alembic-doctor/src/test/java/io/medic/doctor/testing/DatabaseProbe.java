package io.medic.doctor.testing;

import io.medic.testsupport.ThrowawayDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads, through plain JDBC, what a test needs to know about a database's public schema. */
public final class DatabaseProbe {

    private final ThrowawayDatabase db;

    public DatabaseProbe(ThrowawayDatabase db) {
        this.db = db;
    }

    /** The rows of public.alembic_version, sorted; empty Optional when the table does not exist. */
    public Optional<List<String>> versionRows() {
        if (!exists(SchemaObject.table("alembic_version"))) {
            return Optional.empty();
        }
        return Optional.of(db.column("SELECT version_num FROM public.alembic_version ORDER BY version_num"));
    }

    public boolean exists(SchemaObject object) {
        switch (object.kind()) {
            case TABLE:
                return count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = ?",
                        object.name()) > 0;
            case COLUMN:
                String[] parts = object.name().split("\\.", 2);
                return count("SELECT count(*) FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND table_name = ? AND column_name = ?", parts[0], parts[1]) > 0;
            case INDEX:
                return count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname = ?",
                        object.name()) > 0;
            case CONSTRAINT:
                return count("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                        + " WHERE n.nspname = 'public' AND c.conname = ?", object.name()) > 0;
            default:
                throw new IllegalArgumentException(object.toString());
        }
    }

    private long count(String sql, String... parameters) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("in " + db.name() + ": " + e.getMessage(), e);
        }
    }

    /** All the objects of this list that are absent from the database. */
    public List<SchemaObject> missing(List<SchemaObject> objects) {
        List<SchemaObject> missing = new ArrayList<>();
        objects.stream().filter(o -> !exists(o)).forEach(missing::add);
        return missing;
    }
}
