package io.medic.events.schema;

import io.medic.events.Require;

import io.medic.events.Digests;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a database schema, as read from the catalog or as simulated from migrations.
 * Tables are kept sorted by name, so equal shapes have equal canonical text and fingerprints.
 */
public record SchemaShape(List<TableShape> tables) {
    public static final SchemaShape EMPTY = new SchemaShape(List.of());

    public SchemaShape {
        tables = Require.list(tables).stream().sorted(Comparator.comparing(TableShape::name)).toList();
    }

    public Optional<TableShape> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public List<String> canonicalLines() {
        return tables.stream().flatMap(t -> t.canonicalLines().stream()).toList();
    }

    /** SHA-256 over the canonical lines: the same for the same schema, wherever it is computed. */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(64 * 1024);
        for (String line : canonicalLines()) {
            text.append(line).append('\n');
        }
        return Digests.sha256Hex(text.toString());
    }
}
